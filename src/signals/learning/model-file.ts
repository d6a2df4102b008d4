/**
 * The model file (DATA_DIR/signals/model.json) and its metrics file (model-metrics.json): written
 * atomically (temporary file, then rename), so a crash never leaves half a model.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignalTextModel } from './text-model.js';

export interface ModelLoadResult {
  model: SignalTextModel | null;
  /** Why no model was loaded (absent, unreadable, built for other features). */
  problem: string | null;
}

function writeAtomically(file: string, content: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, file);
}

export class ModelFiles {
  readonly modelFile: string;
  readonly metricsFile: string;

  constructor(readonly dir: string) {
    this.modelFile = join(dir, 'model.json');
    this.metricsFile = join(dir, 'model-metrics.json');
  }

  load(): ModelLoadResult {
    if (!existsSync(this.modelFile)) return { model: null, problem: `${this.modelFile} does not exist` };
    try {
      return {
        model: SignalTextModel.fromJSON(JSON.parse(readFileSync(this.modelFile, 'utf8'))),
        problem: null,
      };
    } catch (error) {
      return { model: null, problem: `${this.modelFile}: ${(error as Error).message}` };
    }
  }

  save(model: SignalTextModel): void {
    mkdirSync(this.dir, { recursive: true });
    writeAtomically(this.modelFile, JSON.stringify(model));
    writeAtomically(this.metricsFile, `${JSON.stringify(model.info, null, 2)}\n`);
  }
}
