/**
 * `node dist/bench/signals-ab.js <other-checkout> [pairs] [--extract-only]`: extract + score
 * throughput of this build against another checkout's build (its `dist/`), both loaded in one
 * process and run in alternating short chunks (~0.1 s each, the order swapped every pair).
 *
 * Why not two `npm run bench` runs: on a shared machine the same code moves by ±40 % from one
 * second to the next, so runs minutes apart compare the machine's moods. Chunks side by side see
 * the same mood, and the median of their ratios resolves differences of a few percent. Prints JSON.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

type Work = (text: string) => unknown;

const THIS_CHECKOUT = fileURLToPath(new URL('../..', import.meta.url));

async function loadWork(checkout: string, extractOnly: boolean): Promise<Work> {
  const load = (path: string) => import(join(checkout, 'dist/signals', path));
  const { scoreText } = await load('scorer.js');
  const { extractSignal } = await load('extract/extractor.js');
  const { trainSignalModel } = await load('learning/train.js');
  const { SHIPPED_DATASET, SignalDataset } = await load('learning/dataset.js');
  if (extractOnly) return (text) => extractSignal(text).fields.symbols.length;
  const model = trainSignalModel(
    new SignalDataset({ shipped: SHIPPED_DATASET, user: '/nonexistent' }, 1e9).examples(),
  );
  return (text) => scoreText(text, model).scored.confidence;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const extractOnly = args.includes('--extract-only');
  const [other, pairsArg] = args.filter((arg) => !arg.startsWith('--'));
  if (!other) throw new Error('usage: signals-ab.js <other-checkout> [pairs] [--extract-only]');
  const pairs = Number(pairsArg ?? 40);
  const messages = readFileSync(join(THIS_CHECKOUT, 'fixtures/signals/shared/dev.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (JSON.parse(line) as { text: string }).text);
  const theirs = await loadWork(resolve(other), extractOnly);
  const ours = await loadWork(THIS_CHECKOUT, extractOnly);
  let sink = 0;
  // Messages per CPU-second over 20 passes through the set.
  const chunk = (work: Work) => {
    const started = process.cpuUsage();
    for (let pass = 0; pass < 20; pass += 1) for (const text of messages) if (work(text)) sink += 1;
    const used = process.cpuUsage(started);
    return (20 * messages.length) / ((used.user + used.system) / 1e6);
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
  const ratios = ourRates.map((rate, i) => rate / theirRates[i]!).sort((a, b) => a - b);
  const quantile = (q: number) => Number(ratios[Math.floor(q * (ratios.length - 1))]!.toFixed(3));
  console.log(
    JSON.stringify({
      measured: extractOnly ? 'extract' : 'extract+score',
      pairs,
      other_msgs_per_s: Math.round(median(theirRates)),
      this_msgs_per_s: Math.round(median(ourRates)),
      ratio: { p25: quantile(0.25), median: quantile(0.5), p75: quantile(0.75) },
      results_counted: sink,
    }),
  );
}

await main();
