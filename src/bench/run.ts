/**
 * `npm run bench [-- suite ...]`: runs the suites, prints a table, writes
 * bench-results/<suite>.json and bench-results/summary.json.
 *
 * Each suite runs in a process of its own (this file again, with `--suite <name>`): what one
 * suite leaves behind (loaded modules such as pg, ioredis and ccxt, a grown heap, JIT feedback,
 * open handles) would otherwise slow the suites after it. Measured: the trading suite's capture
 * parsing ran at 191k msg/s after the suites before it, 324-391k in a process of its own.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchSuiteResult, met } from './harness.js';
import { SUITES } from './suites.js';

const OUT_DIR = process.env.BENCH_OUT ?? 'bench-results';
const CHILD_FLAG = '--suite';

function suiteFile(name: string): string {
  return join(OUT_DIR, `${name}.json`);
}

/** Runs one suite in this process and writes its result file (the child's side). */
async function runSuite(name: string): Promise<void> {
  const entry = SUITES.find((suite) => suite.name === name)!;
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
  writeFileSync(suiteFile(name), `${JSON.stringify(result, null, 2)}\n`);
  for (const m of measurements) {
    const verdict = met(m);
    const target = m.target
      ? ` (target ${m.target.op} ${m.target.value}: ${verdict ? 'met' : 'MISSED'})`
      : '';
    const baseline = m.baseline ? ` [${m.baseline.ratio}x ${m.baseline.name}]` : '';
    console.error(`  ${m.name}: ${m.value} ${m.unit}${baseline}${target}`);
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === CHILD_FLAG) return runSuite(args[1]!);
  const unknown = args.filter((name) => !SUITES.some((suite) => suite.name === name));
  if (unknown.length > 0) {
    console.error(`unknown suite(s): ${unknown.join(', ')}; known: ${SUITES.map((s) => s.name).join(', ')}`);
    process.exitCode = 2;
    return;
  }
  mkdirSync(OUT_DIR, { recursive: true });
  const results: BenchSuiteResult[] = [];
  const self = fileURLToPath(import.meta.url);
  for (const entry of SUITES) {
    if (args.length > 0 && !args.includes(entry.name)) continue;
    // Throws (ending the run) when the suite's process fails; its error is already on stderr.
    // The child inherits the environment and working directory, so it resolves the same OUT_DIR.
    execFileSync(process.execPath, [...process.execArgv, self, CHILD_FLAG, entry.name], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    results.push(JSON.parse(readFileSync(suiteFile(entry.name), 'utf8')) as BenchSuiteResult);
  }
  writeFileSync(join(OUT_DIR, 'summary.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(JSON.stringify(results));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
