import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../shared/errors.js';
import { shippedExamples, tempDir } from '../testing/index.js';
import { SignalDataset, parseLabel } from './dataset.js';
import { extractSignal } from '../extract/extractor.js';
import { featurize } from './features.js';
import { ModelFiles } from './model-file.js';
import { SignalTextModel } from './text-model.js';
import { type LabelledText, trainSignalModel } from './train.js';

// Every third shipped example: varied enough to cross-validate, small enough to train fast.
const SAMPLE = shippedExamples().filter((_, index) => index % 3 === 0);
const FIXED_CLOCK = () => new Date('2025-01-01T00:00:00Z');

function weightsOf(model: SignalTextModel): unknown {
  const { bias, weights, classes } = model.toJSON();
  return { bias, weights, classes, temperature: model.temperature };
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe('training', () => {
  it('training - the same data and seed give the same model, weight for weight', () => {
    const first = trainSignalModel(SAMPLE, { seed: 7, folds: 3, now: FIXED_CLOCK });
    const second = trainSignalModel(SAMPLE, { seed: 7, folds: 3, now: FIXED_CLOCK });
    expect(weightsOf(second)).toEqual(weightsOf(first));
    expect(second.info.metrics).toEqual(first.info.metrics);
    expect(second.info.dataset.sha256).toBe(first.info.dataset.sha256);
  });

  it('training - another seed shuffles differently and gives other weights', () => {
    const first = trainSignalModel(SAMPLE, { seed: 7, folds: 0 });
    const other = trainSignalModel(SAMPLE, { seed: 8, folds: 0 });
    expect(weightsOf(other)).not.toEqual(weightsOf(first));
  });

  it('training - the metrics hold dataset size, class counts, cross-validated accuracy and calibration error', () => {
    const model = trainSignalModel(SAMPLE, { seed: 1, folds: 3 });
    const { dataset, metrics } = model.info;
    expect(dataset.size).toBe(new Set(SAMPLE.map((example) => example.text)).size);
    expect(dataset.class_counts.BUY + dataset.class_counts.SELL + dataset.class_counts['NO-TRADE']).toBe(
      dataset.size,
    );
    expect(metrics.cv_folds).toBe(3);
    expect(metrics.cv_accuracy).toBeGreaterThan(0.85);
    expect(metrics.cv_ece).toBeGreaterThanOrEqual(0);
    expect(metrics.cv_ece).toBeLessThan(0.1);
    expect(metrics.temperature).toBeGreaterThan(0);
  });

  it('training - too little data trains without cross-validation instead of failing', () => {
    const model = trainSignalModel([
      { text: 'BTC long 65000 tp 66000 sl 64000', label: 'BUY' },
      { text: 'gm', label: 'NO-TRADE' },
    ]);
    expect(model.info.metrics.cv_accuracy).toBeNull();
    expect(model.info.dataset.size).toBe(2);
  });

  it('training - a later example with the same text overrides the earlier label', () => {
    const text = 'BTC to the moon soon?';
    const examples: LabelledText[] = [...SAMPLE, { text, label: 'BUY' }, { text, label: 'NO-TRADE' }];
    expect(trainSignalModel(examples, { folds: 0 }).info.dataset.class_counts).toEqual(
      trainSignalModel([...SAMPLE, { text, label: 'NO-TRADE' }], { folds: 0 }).info.dataset.class_counts,
    );
  });
});

describe('model file', () => {
  it('model file - a saved model loads back and predicts exactly the same probabilities', () => {
    const { dir, remove } = tempDir();
    cleanups.push(remove);
    const files = new ModelFiles(dir);
    const model = trainSignalModel(SAMPLE, { folds: 3 });
    files.save(model);
    const loaded = files.load().model!;
    for (const text of ['#BTC/USDT LONG Entry 64000 TP 65000 SL 63000', 'TP1 hit ✅ +20%', 'hello']) {
      const extraction = extractSignal(text);
      const features = featurize(extraction.normalizedText, extraction);
      expect(loaded.probabilities(features)).toEqual(model.probabilities(features));
    }
    expect(loaded.info).toEqual(model.info);
  });

  it('model file - the metrics file records what training measured', async () => {
    const { dir, remove } = tempDir();
    cleanups.push(remove);
    const files = new ModelFiles(dir);
    const model = trainSignalModel(SAMPLE, { folds: 3 });
    files.save(model);
    const { readFileSync } = await import('node:fs');
    const metrics = JSON.parse(readFileSync(files.metricsFile, 'utf8'));
    expect(metrics).toMatchObject({
      dataset: { size: model.info.dataset.size },
      metrics: { cv_accuracy: model.info.metrics.cv_accuracy },
    });
  });

  it('model file - an absent, corrupt or outdated file is reported, not loaded', () => {
    const { dir, remove } = tempDir();
    cleanups.push(remove);
    const files = new ModelFiles(dir);
    expect(files.load()).toMatchObject({ model: null, problem: expect.stringContaining('does not exist') });
    mkdirSync(dir, { recursive: true });
    writeFileSync(files.modelFile, '{"format":"levibot-signal-model","info":{"feature_version":0}}');
    expect(files.load()).toMatchObject({ model: null, problem: expect.stringContaining('feature_version') });
    writeFileSync(files.modelFile, '{not json');
    expect(files.load().model).toBeNull();
  });

  it('model file - a file with a bad weight row names the row', () => {
    const json = trainSignalModel(SAMPLE.slice(0, 20), { folds: 0 }).toJSON();
    json.weights[0] = [-1, 0, 0, 0];
    expect(() => SignalTextModel.fromJSON(JSON.parse(JSON.stringify(json)))).toThrow(/weights\[0\]/);
  });
});

describe('dataset', () => {
  function dataset(shippedLines: string[], userLines?: string[]) {
    const { dir, remove } = tempDir();
    cleanups.push(remove);
    const shipped = join(dir, 'shipped.jsonl');
    writeFileSync(shipped, `${shippedLines.join('\n')}\n`);
    const user = join(dir, 'data', 'signals', 'dataset.jsonl');
    if (userLines) {
      mkdirSync(join(dir, 'data', 'signals'), { recursive: true });
      writeFileSync(user, userLines.join('\n'));
    }
    return new SignalDataset({ shipped, user }, 1000);
  }

  it('dataset - appends are durable, validated, and override shipped labels in the report', () => {
    const data = dataset([
      '{"text":"gm","label":"NO-TRADE"}',
      '{"text":"BTC long 1 tp 2 sl 0.5","label":"BUY"}',
    ]);
    data.append({ text: 'gm', label: 'buy' });
    data.append({ text: 'ETH short', label: 'SELL' });
    const report = data.report();
    expect(report).toMatchObject({
      size: 3,
      class_counts: { BUY: 2, SELL: 1, 'NO-TRADE': 0 },
      duplicates: 1,
      conflicts: 1,
    });
    expect(report.user.examples).toBe(2);
    expect(data.examples().at(-1)).toEqual({ text: 'ETH short', label: 'SELL' });
  });

  it('dataset - a torn or hand-broken line is counted and skipped, and the next append still lands', () => {
    const data = dataset(
      ['{"text":"gm","label":"NO-TRADE"}'],
      ['{"text":"ok","label":"SELL"}', '{"text":"torn", "lab'],
    );
    expect(data.report().user).toMatchObject({ examples: 1, invalid_lines: 1 });
    data.append({ text: 'after the tear', label: 'NO-TRADE' });
    expect(data.report().user).toMatchObject({ examples: 2, invalid_lines: 1 });
  });

  it.each([
    [{ text: '', label: 'BUY' }, 'text'],
    [{ text: 42, label: 'BUY' }, 'text'],
    [{ text: 'x'.repeat(1001), label: 'BUY' }, 'text'],
    [{ text: 'ok', label: 'maybe' }, 'label'],
    [{ text: 'ok' }, 'label'],
  ])('dataset - %j is refused naming %s', (input, field) => {
    const data = dataset(['{"text":"gm","label":"NO-TRADE"}']);
    const error = (() => {
      try {
        data.append(input as { text: unknown; label: unknown });
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
    expect(data.report().user.examples).toBe(0);
  });

  it('dataset - a missing shipped file is an installation fault, not an empty dataset', () => {
    const data = new SignalDataset(
      { shipped: '/nonexistent/train.jsonl', user: '/nonexistent/user.jsonl' },
      1000,
    );
    expect(() => data.examples()).toThrow(/shipped signal dataset .* is missing/);
  });

  it('dataset - labels are accepted in any case and with _ or space', () => {
    expect(
      ['buy', 'Sell', 'no-trade', 'NO_TRADE', 'no trade', 'NOTRADE'].map((raw) => parseLabel(raw)),
    ).toEqual(['BUY', 'SELL', 'NO-TRADE', 'NO-TRADE', 'NO-TRADE', 'NO-TRADE']);
  });
});
