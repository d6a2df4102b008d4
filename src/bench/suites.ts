/** Every benchmark suite `npm run bench` knows; add a domain's suite here. */
import { gatewayBench } from '../gateway/bench/suite.js';
import type { BenchSuite } from './harness.js';

export const SUITES: BenchSuite[] = [gatewayBench];
