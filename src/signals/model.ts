/** The vocabulary of the signals domain: labels, the extracted fields and a scored signal. */
import type { SignalFields } from './extract/extractor.js';

export const SIGNAL_LABELS = ['BUY', 'SELL', 'NO-TRADE'] as const;
export type SignalLabel = (typeof SIGNAL_LABELS)[number];

export type { Side, SignalFields } from './extract/extractor.js';

/** The answer of `POST /signals/score` and `levibot score`. */
export interface ScoredSignal {
  label: SignalLabel;
  /** Calibrated probability that `label` is right, in [0, 1]. */
  confidence: number;
  /** Why, in words a user can check against the message. */
  reasons: string[];
  fe: SignalFields;
}
