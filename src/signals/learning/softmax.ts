/**
 * Multinomial logistic regression over sparse features, trained with AdaGrad SGD and L2.
 *
 * Why this model: the training set is small (hundreds to a few thousand messages) and grows by
 * user appends, training must take well under a second on one core and be reproducible, and
 * prediction must cost microseconds. A linear model over hashed n-grams plus the extractor's
 * indicators meets all of that without a dependency; unlike naive Bayes it weighs correlated
 * features (the indicators overlap with the words that trigger them) correctly, and its
 * outputs calibrate well with a single temperature.
 */
import type { FeatureVector } from './features.js';
import { seededRandom, shuffled } from '../../shared/random.js';

export interface SoftmaxOptions {
  classes: number;
  features: number;
  /** @default 30 */
  epochs?: number;
  /** @default 0.2 */
  learningRate?: number;
  /** @default 3e-3 */
  l2?: number;
  seed: number;
}

export class SoftmaxModel {
  constructor(
    readonly classes: number,
    /** Row-major: `weights[feature * classes + class]`. */
    readonly weights: Float64Array,
    readonly bias: Float64Array,
  ) {}

  logits(x: FeatureVector, out: Float64Array = new Float64Array(this.classes)): Float64Array {
    const { classes, weights } = this;
    for (let c = 0; c < classes; c += 1) out[c] = this.bias[c]!;
    for (let i = 0; i < x.length; i += 1) {
      const base = x.indices[i]! * classes;
      const value = x.values[i]!;
      for (let c = 0; c < classes; c += 1) out[c]! += weights[base + c]! * value;
    }
    return out;
  }
}

/** Softmax of `logits / temperature`, in place. */
export function softmax(logits: Float64Array, temperature = 1): Float64Array {
  let max = -Infinity;
  for (const value of logits) max = Math.max(max, value / temperature);
  let sum = 0;
  for (let c = 0; c < logits.length; c += 1) {
    logits[c] = Math.exp(logits[c]! / temperature - max);
    sum += logits[c]!;
  }
  for (let c = 0; c < logits.length; c += 1) logits[c]! /= sum;
  return logits;
}

export function trainSoftmax(
  xs: readonly FeatureVector[],
  ys: readonly number[],
  options: SoftmaxOptions,
): SoftmaxModel {
  const { classes, features, epochs = 30, learningRate = 0.2, l2 = 3e-3 } = options;
  const weights = new Float64Array(features * classes);
  const bias = new Float64Array(classes);
  const squared = new Float64Array(features * classes);
  const biasSquared = new Float64Array(classes);
  const model = new SoftmaxModel(classes, weights, bias);
  const random = seededRandom(options.seed);
  const order = xs.map((_, index) => index);
  const probabilities = new Float64Array(classes);
  const gradient = new Float64Array(classes);
  for (let epoch = 0; epoch < epochs; epoch += 1) {
    for (const n of shuffled(order, random)) {
      const x = xs[n]!;
      softmax(model.logits(x, probabilities));
      for (let c = 0; c < classes; c += 1) gradient[c] = probabilities[c]! - (ys[n] === c ? 1 : 0);
      for (let c = 0; c < classes; c += 1) {
        biasSquared[c]! += gradient[c]! ** 2;
        bias[c]! -= (learningRate * gradient[c]!) / Math.sqrt(biasSquared[c]! + 1e-8);
      }
      for (let i = 0; i < x.length; i += 1) {
        const base = x.indices[i]! * classes;
        const value = x.values[i]!;
        for (let c = 0; c < classes; c += 1) {
          const k = base + c;
          const g = gradient[c]! * value + l2 * weights[k]!;
          squared[k]! += g * g;
          weights[k]! -= (learningRate * g) / Math.sqrt(squared[k]! + 1e-8);
        }
      }
    }
  }
  return model;
}
