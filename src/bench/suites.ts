/** Every benchmark suite `npm run bench` knows; add a domain's suite here. */
import type { BenchSuite } from './harness.js';
import { storeSuite } from './store.js';

export const SUITES: BenchSuite[] = [storeSuite];
