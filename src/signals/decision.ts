/**
 * The one place where the text model's probabilities and the extracted fields become a label:
 * used when scoring and when cross-validating, so the reported accuracy and calibration are
 * those of the answers users get.
 */
import type { SignalFields } from './extract/extractor.js';
import type { SignalLabel } from './model.js';

export type LabelProbabilities = Record<SignalLabel, number>;

export interface Decision {
  label: SignalLabel;
  /** Probability that `label` is right. */
  confidence: number;
  /** Probability that the message is a new trade (BUY or SELL). */
  tradeProbability: number;
  /** Set when the model says "trade" but the fields do not allow one. */
  blockedBy: 'no symbol' | 'no side' | null;
}

/**
 * A trade needs the model to find a trade more likely than not, and the extractor to have found
 * what to trade (a symbol) and which way (a side, from words or prices); the side always comes
 * from the extractor, which reads it from the prices and side words of this very message.
 */
export function decide(fields: SignalFields, probabilities: LabelProbabilities): Decision {
  const tradeProbability = probabilities.BUY + probabilities.SELL;
  if (tradeProbability >= 0.5) {
    const blockedBy = fields.symbols.length === 0 ? 'no symbol' : fields.side === null ? 'no side' : null;
    if (blockedBy === null)
      return { label: fields.side!, confidence: tradeProbability, tradeProbability, blockedBy };
    return { label: 'NO-TRADE', confidence: 1 - tradeProbability, tradeProbability, blockedBy };
  }
  return { label: 'NO-TRADE', confidence: 1 - tradeProbability, tradeProbability, blockedBy: null };
}
