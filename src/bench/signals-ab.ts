/**
 * `node dist/bench/signals-ab.js <other-checkout> [pairs] [--extract-only]`: extract + score
 * throughput of this build against another checkout's build (its `dist/`), both loaded in one
 * process and run in alternating short chunks (the order swapped every pair).
 *
 * Why not two `npm run bench` runs: on a shared machine the same code moves by ±40 % from one
 * second to the next, so runs minutes apart compare the machine's moods. Chunks side by side see
 * the same mood, and the median of their ratios resolves differences of a few percent. Rates are
 * per CPU-second of the whole process, so work of V8's background threads for one side (garbage
 * collection, compilation) can be charged to the other: the ratio quartiles show that spread.
 * Prints JSON.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readLabelled } from '../signals/evaluation.js';
import { percentile } from './harness.js';

type Work = (text: string) => unknown;

const SHARED_DEV = new URL('../../fixtures/signals/shared/dev.jsonl', import.meta.url);
const USAGE = 'usage: signals-ab.js <other-checkout> [pairs] [--extract-only]';
/** Passes through the 83 messages per chunk: ~0.05-0.1 s on this machine. */
const PASSES_PER_CHUNK = 20;

async function loadWork(checkout: string, extractOnly: boolean): Promise<Work> {
  const load = (path: string) => import(pathToFileURL(join(checkout, 'dist/signals', path)).href);
  const { scoreText } = await load('scorer.js');
  const { extractSignal } = await load('extract/extractor.js');
  const { trainSignalModel } = await load('learning/train.js');
  const { SHIPPED_DATASET, SignalDataset } = await load('learning/dataset.js');
  if (extractOnly) return (text) => extractSignal(text).fields.symbols.length;
  // The shipped dataset alone (no user file), texts of any length: the model `npm run bench` trains.
  const dataset = new SignalDataset({ shipped: SHIPPED_DATASET, user: '/nonexistent' }, Infinity);
  const model = trainSignalModel(dataset.examples());
  return (text) => scoreText(text, model).scored.confidence;
}

function parseArguments(args: readonly string[]): { other: string; pairs: number; extractOnly: boolean } {
  const flags = args.filter((arg) => arg.startsWith('--'));
  const unknown = flags.find((flag) => flag !== '--extract-only');
  if (unknown) throw new Error(`unknown option ${unknown}; ${USAGE}`);
  const [other, pairsArg, extra] = args.filter((arg) => !arg.startsWith('--'));
  const pairs = Number(pairsArg ?? 40);
  if (!other || extra !== undefined || !Number.isInteger(pairs) || pairs < 1)
    throw new Error(`pairs must be a positive integer; ${USAGE}`);
  return { other: resolve(other), pairs, extractOnly: flags.length > 0 };
}

async function main(): Promise<void> {
  const { other, pairs, extractOnly } = parseArguments(process.argv.slice(2));
  const messages = readLabelled(SHARED_DEV).map((record) => record.text);
  const theirs = await loadWork(other, extractOnly);
  const ours = await loadWork(fileURLToPath(new URL('../..', import.meta.url)), extractOnly);
  let results = 0;
  const chunk = (work: Work) => {
    const started = process.cpuUsage();
    for (let pass = 0; pass < PASSES_PER_CHUNK; pass += 1)
      for (const text of messages) if (work(text)) results += 1;
    const used = process.cpuUsage(started);
    return (PASSES_PER_CHUNK * messages.length) / ((used.user + used.system) / 1e6);
  };
  for (let warm = 0; warm < 5; warm += 1) {
    chunk(theirs);
    chunk(ours);
  }
  const theirRates: number[] = [];
  const ourRates: number[] = [];
  for (let pair = 0; pair < pairs; pair += 1) {
    if (pair % 2 === 0) {
      theirRates.push(chunk(theirs));
      ourRates.push(chunk(ours));
    } else {
      ourRates.push(chunk(ours));
      theirRates.push(chunk(theirs));
    }
  }
  const sorted = (values: readonly number[]) => [...values].sort((a, b) => a - b);
  const ratios = sorted(ourRates.map((rate, i) => rate / theirRates[i]!));
  const ratio = (p: number) => Number(percentile(ratios, p).toFixed(3));
  console.log(
    JSON.stringify({
      measured: extractOnly ? 'extract' : 'extract+score',
      pairs,
      other_msgs_per_s: Math.round(percentile(sorted(theirRates), 50)),
      this_msgs_per_s: Math.round(percentile(sorted(ourRates), 50)),
      ratio: { p25: ratio(25), median: ratio(50), p75: ratio(75) },
      truthy_results: results,
    }),
  );
}

await main();
