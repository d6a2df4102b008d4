/** Every benchmark suite `npm run bench` knows; add a domain's suite here. */
import { signalsBench } from '../signals/bench.js';
import type { BenchSuite } from './harness.js';

export const SUITES: BenchSuite[] = [signalsBench];
