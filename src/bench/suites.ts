/**
 * Every benchmark suite `npm run bench` knows; add a domain's suite here. A suite's modules are
 * imported only when it runs, in its own process (run.ts): what one suite loads (ioredis, pg,
 * ccxt, Chromium drivers) is then absent from the process that measures another.
 */
import type { BenchSuite } from './harness.js';

export interface SuiteEntry {
  name: string;
  load(): Promise<BenchSuite>;
}

export const SUITES: readonly SuiteEntry[] = [
  { name: 'store', load: async () => (await import('./store.js')).storeSuite },
  { name: 'pgstore', load: async () => (await import('./pgstore.js')).pgStoreSuite },
  { name: 'pgstate', load: async () => (await import('./pgstate.js')).pgStateSuite },
  { name: 'trading', load: async () => (await import('../trading/bench.js')).TRADING_BENCH },
  { name: 'gateway', load: async () => (await import('../gateway/bench/suite.js')).gatewayBench },
  { name: 'signals', load: async () => (await import('../signals/bench.js')).signalsBench },
  { name: 'cluster', load: async () => (await import('./cluster.js')).clusterSuite },
  { name: 'panel', load: async () => (await import('../panel/bench.js')).panelBench },
];
