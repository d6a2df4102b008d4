/**
 * Benchmark plumbing shared by every suite: percentiles, timing and the result shape that
 * `npm run bench` writes as JSON. Each suite measures its baseline in the same run.
 */
export interface BenchMeasurement {
  name: string;
  value: number;
  unit: string;
  /** The goal from the issue, when there is one. */
  target?: { op: '>=' | '<='; value: number };
  /** Same-run baseline this measurement is compared with, and the ratio value / baseline. */
  baseline?: { name: string; value: number; ratio: number };
  notes?: string;
}

export interface BenchSuiteResult {
  suite: string;
  started_at: string;
  duration_s: number;
  machine: { cpus: number; node: string; platform: string };
  measurements: BenchMeasurement[];
}

export interface BenchSuite {
  name: string;
  description: string;
  run(): Promise<BenchMeasurement[]>;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export function summarize(samples: number[]): {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  n: number;
} {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    n: sorted.length,
  };
}

export function met(measurement: BenchMeasurement): boolean | undefined {
  if (!measurement.target) return undefined;
  return measurement.target.op === '>='
    ? measurement.value >= measurement.target.value
    : measurement.value <= measurement.target.value;
}

export function round(value: number, digits = 3): number {
  return Number(value.toFixed(digits));
}
