/**
 * `npm run eval:signals [-- --verbose] [-- --json]`: how well extraction and scoring do on the
 * labelled sets, against the issue's targets. Each development set is scored by a model trained
 * without its messages, so the label accuracy is out of sample; the held-back split is never in
 * the training set at all.
 */
import { fileURLToPath } from 'node:url';
import {
  EVALUATED_FIELDS,
  type EvaluatedField,
  type EvaluationReport,
  evaluate,
  readLabelled,
} from './evaluation.js';
import { SHIPPED_DATASET, SignalDataset } from './learning/dataset.js';
import type { SignalTextModel } from './learning/text-model.js';
import { trainSignalModel } from './learning/train.js';
import { scoreText } from './scorer.js';

const TARGETS: Partial<Record<EvaluatedField, number>> = {
  label: 0.97,
  symbols: 0.95,
  sl: 0.95,
  tps: 0.9,
  entry: 0.9,
};
const fixture = (path: string) => fileURLToPath(new URL(`../../fixtures/signals/${path}`, import.meta.url));

const SETS = [
  { name: 'shared dev (83 real messages)', file: fixture('shared/dev.jsonl'), holdout: false },
  { name: 'own dev (LeviBot examples)', file: fixture('own/dev.jsonl'), holdout: false },
  { name: 'own held-back split (never tuned on)', file: fixture('own/holdout.jsonl'), holdout: true },
];

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

function main(): void {
  const verbose = process.argv.includes('--verbose');
  const asJson = process.argv.includes('--json');
  const shipped = new SignalDataset(
    { shipped: SHIPPED_DATASET, user: '/nonexistent/levibot-user-dataset.jsonl' },
    1e9,
  ).examples();
  const full = trainSignalModel(shipped, { folds: 0 });
  const results: {
    set: string;
    messages: number;
    model: string;
    accuracy: EvaluationReport['accuracy'];
    misses: EvaluationReport['misses'];
  }[] = [];
  for (const set of SETS) {
    const records = readLabelled(set.file);
    const texts = new Set(records.map((record) => record.text));
    const model: SignalTextModel = set.holdout
      ? full
      : trainSignalModel(
          shipped.filter((example) => !texts.has(example.text)),
          { folds: 0 },
        );
    const report = evaluate(records, (text) => scoreText(text, model).scored);
    results.push({
      set: set.name,
      messages: report.messages,
      model: set.holdout ? 'shipped model' : 'shipped model minus this set',
      accuracy: report.accuracy,
      misses: report.misses,
    });
  }
  if (asJson) {
    console.log(JSON.stringify(results, null, 2));
    return;
  }
  console.log(
    `fields: ${EVALUATED_FIELDS.join(', ')}; targets: ${Object.entries(TARGETS)
      .map(([field, target]) => `${field} >= ${percent(target)}`)
      .join(', ')}\n`,
  );
  for (const result of results) {
    console.log(`${result.set}: ${result.messages} messages, scored by the ${result.model}`);
    for (const field of EVALUATED_FIELDS) {
      const target = TARGETS[field];
      const verdict =
        target === undefined ? '' : result.accuracy[field] >= target ? '  (target met)' : '  (BELOW TARGET)';
      console.log(`  ${field.padEnd(9)} ${percent(result.accuracy[field]).padStart(6)}${verdict}`);
    }
    if (verbose) {
      for (const miss of result.misses)
        console.log(
          `    ${miss.id} ${miss.field}: expected ${JSON.stringify(miss.expected)}, got ${JSON.stringify(miss.got)}`,
        );
    }
    console.log('');
  }
}

main();
