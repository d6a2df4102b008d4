/**
 * `npm run bench [-- suite ...]`: runs the suites, prints a table, writes
 * bench-results/<suite>.json and bench-results/summary.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { type BenchSuiteResult, met } from './harness.js';
import { SUITES } from './suites.js';

const OUT_DIR = process.env.BENCH_OUT ?? 'bench-results';

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !SUITES.some((suite) => suite.name === name));
  if (unknown.length > 0) {
    console.error(`unknown suite(s): ${unknown.join(', ')}; known: ${SUITES.map((s) => s.name).join(', ')}`);
    process.exitCode = 2;
    return;
  }
  mkdirSync(OUT_DIR, { recursive: true });
  const results: BenchSuiteResult[] = [];
  for (const entry of SUITES) {
    if (wanted.length > 0 && !wanted.includes(entry.name)) continue;
    const suite = await entry.load();
    console.error(`# ${suite.name}: ${suite.description}`);
    const started = Date.now();
    const measurements = await suite.run();
    const result: BenchSuiteResult = {
      suite: suite.name,
      started_at: new Date(started).toISOString(),
      duration_s: (Date.now() - started) / 1000,
      machine: { cpus: cpus().length, node: process.version, platform: process.platform },
      measurements,
    };
    results.push(result);
    writeFileSync(join(OUT_DIR, `${suite.name}.json`), `${JSON.stringify(result, null, 2)}\n`);
    for (const m of measurements) {
      const verdict = met(m);
      const target = m.target
        ? ` (target ${m.target.op} ${m.target.value}: ${verdict ? 'met' : 'MISSED'})`
        : '';
      const baseline = m.baseline ? ` [${m.baseline.ratio}x ${m.baseline.name}]` : '';
      console.error(`  ${m.name}: ${m.value} ${m.unit}${baseline}${target}`);
    }
  }
  writeFileSync(join(OUT_DIR, 'summary.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(JSON.stringify(results));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
