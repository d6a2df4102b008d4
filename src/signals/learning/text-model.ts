/**
 * The trained text model as used at run time and as stored in its file: softmax weights over
 * the feature space of `features.ts`, a calibration temperature, and what it was trained on.
 */
import { ValidationError } from '../../shared/errors.js';
import type { LabelProbabilities } from '../decision.js';
import { SIGNAL_LABELS, type SignalLabel } from '../model.js';
import { FEATURE_COUNT, FEATURE_VERSION, type FeatureVector } from './features.js';
import { type SoftmaxModel, softmax } from './softmax.js';

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

const EMPTY = -1;

/**
 * The non-zero weight rows behind an open-addressing hash table. A trained model uses a few
 * thousand of its 2^18 hashed features; a dense array would scatter every prediction over
 * megabytes of memory. The probes only read the table of features (4 bytes a slot, a few
 * dozen KB that stay in the L1/L2 cache); the weights sit in rows packed one after the other,
 * and only a found feature reads its row.
 */
class CompactWeights {
  /** Per slot: the feature, or EMPTY. */
  private readonly keys: Int32Array;
  /** Per slot: the start of its row in `weights`. */
  private readonly rowStarts: Int32Array;
  private readonly weights: Float64Array;
  private readonly mask: number;

  constructor(
    readonly classes: number,
    rows: readonly (readonly number[])[],
  ) {
    if (classes !== 3) throw new Error('CompactWeights.accumulate is written for three labels');
    let capacity = 16;
    while (capacity < rows.length * 2) capacity *= 2;
    this.mask = capacity - 1;
    this.keys = new Int32Array(capacity).fill(EMPTY);
    this.rowStarts = new Int32Array(capacity);
    this.weights = new Float64Array(rows.length * classes);
    rows.forEach((row, index) => {
      let slot = this.slotOf(row[0]!);
      while (this.keys[slot] !== EMPTY) slot = (slot + 1) & this.mask;
      this.keys[slot] = row[0]!;
      this.rowStarts[slot] = index * classes;
      for (let c = 0; c < classes; c += 1) this.weights[index * classes + c] = row[c + 1]!;
    });
  }

  private slotOf(feature: number): number {
    return (Math.imul(feature, 0x9e3779b1) >>> 0) & this.mask;
  }

  /**
   * Adds the weighted rows of the features to `out` (a feature without weights adds nothing).
   * Written for the three labels, with one running sum each in a local: the sums stay in
   * registers instead of being stored to `out` for every feature (same additions, same order).
   */
  accumulate(features: FeatureVector, out: Float64Array): void {
    const { keys, rowStarts, weights, mask } = this;
    const { indices, values, length } = features;
    let buy = out[0]!;
    let sell = out[1]!;
    let noTrade = out[2]!;
    for (let i = 0; i < length; i += 1) {
      const feature = indices[i]!;
      let slot = this.slotOf(feature);
      let key = keys[slot]!;
      while (key !== feature && key !== EMPTY) {
        slot = (slot + 1) & mask;
        key = keys[slot]!;
      }
      if (key === EMPTY) continue;
      const value = values[i]!;
      const base = rowStarts[slot]!;
      buy += weights[base]! * value;
      sell += weights[base + 1]! * value;
      noTrade += weights[base + 2]! * value;
    }
    out[0] = buy;
    out[1] = sell;
    out[2] = noTrade;
  }

  /** Rows `[feature, ...weights]`, features ascending. */
  rows(): number[][] {
    const rows: number[][] = [];
    for (let slot = 0; slot < this.keys.length; slot += 1) {
      if (this.keys[slot] === EMPTY) continue;
      const base = this.rowStarts[slot]!;
      rows.push([this.keys[slot]!, ...Array.from(this.weights.subarray(base, base + this.classes))]);
    }
    return rows.sort((a, b) => a[0]! - b[0]!);
  }
}

export class SignalTextModel {
  private readonly scratch: Float64Array;
  private readonly table: CompactWeights;

  private constructor(
    rows: readonly (readonly number[])[],
    private readonly bias: Float64Array,
    readonly info: ModelInfo,
  ) {
    this.table = new CompactWeights(SIGNAL_LABELS.length, rows);
    this.scratch = new Float64Array(SIGNAL_LABELS.length);
  }

  /** The model of a trained softmax regression: its non-zero weight rows. */
  static fromSoftmax(model: SoftmaxModel, info: ModelInfo): SignalTextModel {
    const { classes, weights } = model;
    const rows: number[][] = [];
    for (let feature = 0; feature < FEATURE_COUNT; feature += 1) {
      const base = feature * classes;
      let any = false;
      for (let c = 0; c < classes; c += 1) if (weights[base + c] !== 0) any = true;
      if (any) rows.push([feature, ...Array.from(weights.subarray(base, base + classes))]);
    }
    return new SignalTextModel(rows, Float64Array.from(model.bias), info);
  }

  get temperature(): number {
    return this.info.metrics.temperature;
  }

  probabilities(features: FeatureVector): LabelProbabilities {
    const logits = this.scratch;
    for (let c = 0; c < logits.length; c += 1) logits[c] = this.bias[c]!;
    this.table.accumulate(features, logits);
    const calibrated = softmax(logits, this.temperature);
    return { BUY: calibrated[0]!, SELL: calibrated[1]!, 'NO-TRADE': calibrated[2]! };
  }

  toJSON(): ModelFile {
    return {
      format: MODEL_FORMAT,
      info: this.info,
      classes: SIGNAL_LABELS,
      bias: Array.from(this.bias),
      weights: this.table.rows(),
    };
  }

  /** Rebuild from a stored file; throws ValidationError naming what is wrong. */
  static fromJSON(raw: unknown): SignalTextModel {
    const file = raw as Partial<ModelFile> | null;
    if (typeof file !== 'object' || file === null || file.format !== MODEL_FORMAT) {
      throw ValidationError.forField('format', `not a ${MODEL_FORMAT} file`);
    }
    if (file.info?.feature_version !== FEATURE_VERSION) {
      throw ValidationError.forField(
        'info.feature_version',
        `model built for features v${file.info?.feature_version}, this LeviBot uses v${FEATURE_VERSION}`,
      );
    }
    if (JSON.stringify(file.classes) !== JSON.stringify(SIGNAL_LABELS))
      throw ValidationError.forField('classes', `must be ${SIGNAL_LABELS.join(', ')}`);
    const classes = SIGNAL_LABELS.length;
    if (!Array.isArray(file.bias) || file.bias.length !== classes)
      throw ValidationError.forField('bias', `must hold ${classes} numbers`);
    if (!Array.isArray(file.weights)) throw ValidationError.forField('weights', 'must be a list of rows');
    const seen = new Set<number>();
    for (const [n, row] of file.weights.entries()) {
      const feature = Array.isArray(row) ? row[0] : undefined;
      const valid =
        Array.isArray(row) &&
        row.length === classes + 1 &&
        Number.isInteger(feature) &&
        feature! >= 0 &&
        feature! < FEATURE_COUNT &&
        !seen.has(feature!) &&
        row.every((value) => typeof value === 'number' && Number.isFinite(value));
      if (!valid)
        throw ValidationError.forField(
          `weights[${n}]`,
          `must be [feature, ${classes} weights] with a new feature below ${FEATURE_COUNT}`,
        );
      seen.add(feature!);
    }
    return new SignalTextModel(file.weights, Float64Array.from(file.bias), file.info);
  }
}
