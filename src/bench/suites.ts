/** Every benchmark suite `npm run bench` knows; add a domain's suite here. */
import { TRADING_BENCH } from '../trading/bench.js';
import type { BenchSuite } from './harness.js';

export const SUITES: BenchSuite[] = [TRADING_BENCH];
