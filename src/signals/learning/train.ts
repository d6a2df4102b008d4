/**
 * Training the text model: k-fold cross-validation first (out-of-fold predictions give the
 * calibration temperature, the accuracy and the ECE reported in the metrics), then the final
 * model on every example. Same examples + same seed → the same model, weight for weight.
 */
import { createHash } from 'node:crypto';
import { decide } from '../decision.js';
import { type Extraction, extractSignal } from '../extract/extractor.js';
import { SIGNAL_LABELS, type SignalLabel } from '../model.js';
import { expectedCalibrationError, fitTemperature } from './calibration.js';
import { FEATURE_COUNT, FEATURE_VERSION, type FeatureVector, featurize } from './features.js';
import { seededRandom, shuffled } from '../../shared/random.js';
import { type SoftmaxModel, softmax, trainSoftmax } from './softmax.js';
import { type ModelInfo, SignalTextModel, roundWeight } from './text-model.js';

export interface LabelledText {
  text: string;
  label: SignalLabel;
}

export interface TrainOptions {
  /** @default 42 */
  seed?: number;
  /** @default 5 */
  folds?: number;
  /** Clock for `trained_at` (tests pin it). */
  now?: () => Date;
  /** Learning hyper-parameters; the defaults were chosen on the development sets. */
  hyper?: Partial<Hyper>;
}

export interface Hyper {
  epochs: number;
  l2: number;
  learningRate: number;
}

export const DEFAULT_HYPER: Hyper = { epochs: 30, l2: 3e-3, learningRate: 0.2 };

export const DEFAULT_SEED = 42;
interface Prepared {
  extraction: Extraction;
  features: FeatureVector;
  y: number;
}

/** Later examples win over earlier ones with the same text (a user correcting a shipped label). */
export function dedupe(examples: readonly LabelledText[]): LabelledText[] {
  const byText = new Map<string, LabelledText>();
  for (const example of examples) {
    byText.delete(example.text);
    byText.set(example.text, example);
  }
  return [...byText.values()];
}

/** SHA-256 of the examples a model is trained on (after `dedupe`): tells whether the data changed. */
export function datasetFingerprint(examples: readonly LabelledText[]): string {
  const hash = createHash('sha256');
  for (const example of dedupe(examples)) hash.update(`${example.label}\t${example.text}\n`);
  return hash.digest('hex');
}

function stratifiedFolds(ys: readonly number[], folds: number, random: () => number): number[] {
  const foldOf = new Array<number>(ys.length).fill(0);
  let next = 0;
  for (let c = 0; c < SIGNAL_LABELS.length; c += 1) {
    const members = ys.flatMap((y, index) => (y === c ? [index] : []));
    for (const index of shuffled(members, random)) {
      foldOf[index] = next % folds;
      next += 1;
    }
  }
  return foldOf;
}

function train(prepared: readonly Prepared[], seed: number, hyper: Hyper): SoftmaxModel {
  return trainSoftmax(
    prepared.map((example) => example.features),
    prepared.map((example) => example.y),
    { classes: SIGNAL_LABELS.length, features: FEATURE_COUNT, seed, ...hyper },
  );
}

export function trainSignalModel(
  input: readonly LabelledText[],
  options: TrainOptions = {},
): SignalTextModel {
  const started = performance.now();
  const seed = options.seed ?? DEFAULT_SEED;
  const folds = options.folds ?? 5;
  const hyper = { ...DEFAULT_HYPER, ...options.hyper };
  const examples = dedupe(input);
  const prepared: Prepared[] = examples.map((example) => {
    const extraction = extractSignal(example.text);
    return {
      extraction,
      features: featurize(extraction.normalizedText, extraction),
      y: SIGNAL_LABELS.indexOf(example.label),
    };
  });
  const classCounts = Object.fromEntries(
    SIGNAL_LABELS.map((label) => [label, examples.filter((example) => example.label === label).length]),
  ) as Record<SignalLabel, number>;

  const metrics: ModelInfo['metrics'] = {
    cv_folds: 0,
    cv_accuracy: null,
    cv_ece: null,
    cv_log_loss: null,
    temperature: 1,
  };
  const smallestClass = Math.min(...Object.values(classCounts).filter((count) => count > 0));
  if (folds >= 2 && prepared.length >= folds * 2 && smallestClass >= 2) {
    const foldOf = stratifiedFolds(
      prepared.map((example) => example.y),
      folds,
      seededRandom(seed),
    );
    const outOfFold: Float64Array[] = new Array<Float64Array>(prepared.length);
    for (let fold = 0; fold < folds; fold += 1) {
      const model = train(
        prepared.filter((_, index) => foldOf[index] !== fold),
        seed + fold + 1,
        hyper,
      );
      prepared.forEach((example, index) => {
        if (foldOf[index] === fold) outOfFold[index] = model.logits(example.features);
      });
    }
    const ys = prepared.map((example) => example.y);
    const { temperature, logLoss } = fitTemperature(outOfFold, ys);
    const confidences: number[] = [];
    const correct: boolean[] = [];
    prepared.forEach((example, index) => {
      const p = softmax(Float64Array.from(outOfFold[index]!), temperature);
      const decision = decide(example.extraction.fields, { BUY: p[0]!, SELL: p[1]!, 'NO-TRADE': p[2]! });
      confidences.push(decision.confidence);
      correct.push(decision.label === SIGNAL_LABELS[example.y]);
    });
    metrics.cv_folds = folds;
    metrics.cv_accuracy = round(correct.filter(Boolean).length / correct.length);
    metrics.cv_ece = round(expectedCalibrationError(confidences, correct));
    metrics.cv_log_loss = round(logLoss);
    metrics.temperature = round(temperature);
  }

  const final = train(prepared, seed, hyper);
  for (let i = 0; i < final.weights.length; i += 1)
    if (final.weights[i] !== 0) final.weights[i] = roundWeight(final.weights[i]!);
  for (let c = 0; c < final.bias.length; c += 1) final.bias[c] = roundWeight(final.bias[c]!);

  const info: ModelInfo = {
    trained_at: (options.now ?? (() => new Date()))().toISOString(),
    seed,
    feature_version: FEATURE_VERSION,
    dataset: { size: examples.length, class_counts: classCounts, sha256: datasetFingerprint(examples) },
    metrics,
    training_ms: Math.round(performance.now() - started),
  };
  return SignalTextModel.fromSoftmax(final, info);
}

function round(value: number): number {
  return Number(value.toFixed(4));
}
