/**
 * The learning side of the signals domain: the dataset users grow, training, and the model in
 * use. Appends emit DS_APPEND, training emits MODEL_TRAINED; a newly trained model is saved and
 * takes over at once.
 */
import type { EventLog } from '../events/index.js';
import { type DatasetReport, type SignalDataset } from './learning/dataset.js';
import type { ModelFiles } from './learning/model-file.js';
import type { ModelInfo, SignalTextModel } from './learning/text-model.js';
import { datasetFingerprint, trainSignalModel } from './learning/train.js';
import type { SignalLabel } from './model.js';

export interface SignalLabOptions {
  dataset: SignalDataset;
  files: ModelFiles;
  log: EventLog;
  /** Seed used by `train()` when none is given. */
  seed: number;
}

export interface ModelView extends ModelInfo {
  file: string;
  metrics_file: string;
  /** `file`: loaded at start; `trained`: trained in this process. */
  origin: 'file' | 'trained';
}

export class SignalLab {
  private current: SignalTextModel;
  private origin: ModelView['origin'];

  private constructor(
    private readonly options: SignalLabOptions,
    model: SignalTextModel,
    origin: ModelView['origin'],
  ) {
    this.current = model;
    this.origin = origin;
  }

  /**
   * Load the model file; when it is absent, was built for other features, or was trained on other
   * data than the shipped and user examples now hold (an upgrade shipped more examples, or
   * examples were appended since), train on them (well under a second for the shipped set, with
   * the stored model's seed when there is one) and save it. Training at start instead of shipping
   * a model file keeps the model in step with the code and the data.
   */
  static open(options: SignalLabOptions): { lab: SignalLab; trainedBecause: string | null } {
    const loaded = options.files.load();
    const examples = options.dataset.examples();
    let because = loaded.problem;
    if (loaded.model) {
      if (loaded.model.info.dataset.sha256 === datasetFingerprint(examples)) {
        return { lab: new SignalLab(options, loaded.model, 'file'), trainedBecause: null };
      }
      because = 'the dataset changed since the stored model was trained';
    }
    const model = trainSignalModel(examples, { seed: loaded.model?.info.seed ?? options.seed });
    options.files.save(model);
    return { lab: new SignalLab(options, model, 'trained'), trainedBecause: because };
  }

  get model(): SignalTextModel {
    return this.current;
  }

  modelView(): ModelView {
    return {
      ...this.current.info,
      file: this.options.files.modelFile,
      metrics_file: this.options.files.metricsFile,
      origin: this.origin,
    };
  }

  report(): DatasetReport {
    return this.options.dataset.report();
  }

  async append(
    input: { text: unknown; label: unknown },
    source = 'api',
  ): Promise<{ text: string; label: SignalLabel; dataset: DatasetReport }> {
    const example = this.options.dataset.append(input);
    const dataset = this.report();
    await this.options.log.emit({
      event_type: 'DS_APPEND',
      source: 'signals',
      payload: {
        label: example.label,
        text: example.text,
        via: source,
        size: dataset.size,
        class_counts: dataset.class_counts,
      },
    });
    return { ...example, dataset };
  }

  /** Train on the shipped and user data, save, switch to the new model, emit MODEL_TRAINED. */
  async train(options: { seed?: number; via?: string } = {}): Promise<ModelView> {
    const model = trainSignalModel(this.options.dataset.examples(), {
      seed: options.seed ?? this.options.seed,
    });
    this.options.files.save(model);
    this.current = model;
    this.origin = 'trained';
    const view = this.modelView();
    await this.options.log.emit({
      event_type: 'MODEL_TRAINED',
      source: 'signals',
      payload: { ...model.info, via: options.via ?? 'api' },
    });
    return view;
  }
}
