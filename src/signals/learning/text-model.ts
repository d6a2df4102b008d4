/**
 * The trained text model as used at run time and as stored in its file: softmax weights over
 * the feature space of `features.ts`, a calibration temperature, and what it was trained on.
 */
import { ValidationError } from '../../shared/errors.js';
import type { LabelProbabilities } from '../decision.js';
import { SIGNAL_LABELS, type SignalLabel } from '../model.js';
import { FEATURE_COUNT, FEATURE_VERSION, type FeatureVector } from './features.js';
import { SoftmaxModel, softmax } from './softmax.js';

export const MODEL_FORMAT = 'levibot-signal-model';

/** What `GET /ml/model` shows and the metrics file holds. */
export interface ModelInfo {
  trained_at: string;
  seed: number;
  feature_version: number;
  dataset: {
    size: number;
    class_counts: Record<SignalLabel, number>;
    /** SHA-256 of the training examples, to tell which data a model came from. */
    sha256: string;
  };
  metrics: {
    cv_folds: number;
    /** Accuracy of the final labels on out-of-fold predictions (null when the data is too small). */
    cv_accuracy: number | null;
    /** Expected calibration error of the confidences, out of fold (10 bins). */
    cv_ece: number | null;
    cv_log_loss: number | null;
    temperature: number;
  };
  training_ms: number;
}

interface ModelFile {
  format: typeof MODEL_FORMAT;
  info: ModelInfo;
  classes: readonly SignalLabel[];
  bias: number[];
  /** Sparse rows `[feature, w_BUY, w_SELL, w_NO-TRADE]`, features ascending. */
  weights: number[][];
}

/** Weights are stored to 6 decimals; the model in memory is rounded the same way, so a reload predicts identically. */
export function roundWeight(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

export class SignalTextModel {
  private readonly scratch: Float64Array;

  constructor(
    private readonly softmaxModel: SoftmaxModel,
    readonly info: ModelInfo,
  ) {
    this.scratch = new Float64Array(softmaxModel.classes);
  }

  get temperature(): number {
    return this.info.metrics.temperature;
  }

  probabilities(features: FeatureVector): LabelProbabilities {
    const calibrated = softmax(this.softmaxModel.logits(features, this.scratch), this.temperature);
    return { BUY: calibrated[0]!, SELL: calibrated[1]!, 'NO-TRADE': calibrated[2]! };
  }

  toJSON(): ModelFile {
    const { classes, weights, bias } = this.softmaxModel;
    const rows: number[][] = [];
    for (let feature = 0; feature < FEATURE_COUNT; feature += 1) {
      const base = feature * classes;
      let any = false;
      for (let c = 0; c < classes; c += 1) if (weights[base + c] !== 0) any = true;
      if (any) rows.push([feature, ...Array.from(weights.subarray(base, base + classes))]);
    }
    return { format: MODEL_FORMAT, info: this.info, classes: SIGNAL_LABELS, bias: Array.from(bias), weights: rows };
  }

  /** Rebuild from a stored file; throws ValidationError naming what is wrong. */
  static fromJSON(raw: unknown): SignalTextModel {
    const file = raw as Partial<ModelFile> | null;
    if (typeof file !== 'object' || file === null || file.format !== MODEL_FORMAT) {
      throw ValidationError.forField('format', `not a ${MODEL_FORMAT} file`);
    }
    if (file.info?.feature_version !== FEATURE_VERSION) {
      throw ValidationError.forField('info.feature_version', `model built for features v${file.info?.feature_version}, this LeviBot uses v${FEATURE_VERSION}`);
    }
    if (JSON.stringify(file.classes) !== JSON.stringify(SIGNAL_LABELS)) throw ValidationError.forField('classes', `must be ${SIGNAL_LABELS.join(', ')}`);
    const classes = SIGNAL_LABELS.length;
    if (!Array.isArray(file.bias) || file.bias.length !== classes) throw ValidationError.forField('bias', `must hold ${classes} numbers`);
    if (!Array.isArray(file.weights)) throw ValidationError.forField('weights', 'must be a list of rows');
    const weights = new Float64Array(FEATURE_COUNT * classes);
    for (const [n, row] of file.weights.entries()) {
      const feature = row[0];
      if (!Array.isArray(row) || row.length !== classes + 1 || !Number.isInteger(feature) || feature! < 0 || feature! >= FEATURE_COUNT) {
        throw ValidationError.forField(`weights[${n}]`, `must be [feature, ${classes} weights]`);
      }
      for (let c = 0; c < classes; c += 1) weights[feature! * classes + c] = Number(row[c + 1]);
    }
    return new SignalTextModel(new SoftmaxModel(classes, weights, Float64Array.from(file.bias)), file.info);
  }
}
