/** Every benchmark suite `npm run bench` knows; add a domain's suite here. */
import { gatewayBench } from '../gateway/bench/suite.js';
import { panelBench } from '../panel/bench.js';
import { signalsBench } from '../signals/bench.js';
import { TRADING_BENCH } from '../trading/bench.js';
import { clusterSuite } from './cluster.js';
import type { BenchSuite } from './harness.js';
import { pgStateSuite } from './pgstate.js';
import { pgStoreSuite } from './pgstore.js';
import { storeSuite } from './store.js';

export const SUITES: BenchSuite[] = [
  storeSuite,
  pgStoreSuite,
  pgStateSuite,
  TRADING_BENCH,
  gatewayBench,
  signalsBench,
  clusterSuite,
  panelBench,
];
