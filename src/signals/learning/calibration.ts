/**
 * Calibration: one temperature for the logits, fitted on out-of-fold predictions, and the
 * expected calibration error (ECE) that the metrics file reports.
 */
import { softmax } from './softmax.js';

/** Mean negative log-likelihood of the true classes at a temperature. */
function logLoss(logits: readonly Float64Array[], ys: readonly number[], temperature: number): number {
  let total = 0;
  const scratch = new Float64Array(logits[0]?.length ?? 0);
  for (let n = 0; n < logits.length; n += 1) {
    scratch.set(logits[n]!);
    softmax(scratch, temperature);
    total -= Math.log(Math.max(1e-12, scratch[ys[n]!]!));
  }
  return logits.length === 0 ? 0 : total / logits.length;
}

/** The temperature in [0.25, 8] (log grid) with the lowest log-loss. */
export function fitTemperature(
  logits: readonly Float64Array[],
  ys: readonly number[],
): { temperature: number; logLoss: number } {
  let best = { temperature: 1, logLoss: logLoss(logits, ys, 1) };
  for (let step = 0; step <= 80; step += 1) {
    const temperature = 0.25 * 32 ** (step / 80);
    const loss = logLoss(logits, ys, temperature);
    if (loss < best.logLoss - 1e-12) best = { temperature, logLoss: loss };
  }
  return best;
}

/**
 * Expected calibration error: predictions binned by confidence (10 equal-width bins); the
 * weighted mean gap between each bin's accuracy and its mean confidence.
 */
export function expectedCalibrationError(
  confidences: readonly number[],
  correct: readonly boolean[],
  bins = 10,
): number {
  const count = new Array<number>(bins).fill(0);
  const confidenceSum = new Array<number>(bins).fill(0);
  const correctSum = new Array<number>(bins).fill(0);
  for (let n = 0; n < confidences.length; n += 1) {
    const bin = Math.min(bins - 1, Math.floor(confidences[n]! * bins));
    count[bin]! += 1;
    confidenceSum[bin]! += confidences[n]!;
    if (correct[n]) correctSum[bin]! += 1;
  }
  let error = 0;
  for (let bin = 0; bin < bins; bin += 1) {
    if (count[bin] === 0) continue;
    error +=
      (count[bin]! / confidences.length) *
      Math.abs(correctSum[bin]! / count[bin]! - confidenceSum[bin]! / count[bin]!);
  }
  return error;
}
