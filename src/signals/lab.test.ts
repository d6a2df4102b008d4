import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SignalLab } from './lab.js';
import { SignalDataset } from './learning/dataset.js';
import { ModelFiles } from './learning/model-file.js';
import { openTestLog, shippedExamples, tempDir } from './testing/index.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function setup() {
  const { dir, remove } = tempDir();
  const { log, close } = openTestLog();
  cleanups.push(remove, close);
  const shipped = join(dir, 'shipped.jsonl');
  writeFileSync(
    shipped,
    shippedExamples()
      .filter((_, index) => index % 4 === 0)
      .map((example) => JSON.stringify(example))
      .join('\n'),
  );
  const dataset = new SignalDataset({ shipped, user: join(dir, 'user.jsonl') }, 1000);
  const files = new ModelFiles(join(dir, 'signals'));
  return { log, dataset, files, open: () => SignalLab.open({ dataset, files, log, seed: 42 }) };
}

describe('model lab', () => {
  it('model lab - trains and saves at first start, then loads the saved model', () => {
    const { open } = setup();
    const first = open();
    expect(first.trainedBecause).toMatch(/does not exist/);
    expect(first.lab.modelView().origin).toBe('trained');
    const second = open();
    expect(second.trainedBecause).toBeNull();
    expect(second.lab.modelView()).toMatchObject({
      origin: 'file',
      trained_at: first.lab.modelView().trained_at,
    });
  });

  it('model lab - a model trained on other data is retrained at start, keeping its seed', async () => {
    const { open, log } = setup();
    const { lab } = open();
    await lab.train({ seed: 9 });
    await lab.append({ text: 'what a week, see you monday', label: 'NO-TRADE' });
    const restarted = open();
    expect(restarted.trainedBecause).toMatch(/dataset changed/);
    expect(restarted.lab.modelView()).toMatchObject({
      origin: 'trained',
      seed: 9,
      dataset: { size: lab.modelView().dataset.size + 1 },
    });
    const types = (await log.store.query({ limit: 10, order: 'asc' })).events.map(
      (event) => event.event_type,
    );
    expect(types).toEqual(['MODEL_TRAINED', 'DS_APPEND']);
  });
});
