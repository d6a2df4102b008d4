/**
 * Scoring: rules and text model together. The extractor reads the fields and the evidence, the
 * text model (fed both the words and the rules' indicators) gives calibrated probabilities,
 * `decide` turns both into the label, and the reasons say which of it mattered.
 */
import { type Decision, decide } from './decision.js';
import { type Extraction, extractSignal, type SignalFields } from './extract/extractor.js';
import { FeatureBuffer } from './learning/features.js';
import type { SignalTextModel } from './learning/text-model.js';
import type { ScoredSignal } from './model.js';

export interface ScoreDetails {
  scored: ScoredSignal;
  decision: Decision;
  extraction: Extraction;
}

function formatPrice(value: number): string {
  return String(value);
}

/**
 * `Number(value.toFixed(4))` without formatting a string: away from a tie the scaled value
 * rounds to the same integer as toFixed's exact decimal rounding, and that integer divided by
 * 10^4 is the double the digits would parse to; near a tie toFixed decides.
 */
function fourDecimals(value: number): number {
  const scaled = value * 1e4;
  if (Math.abs(scaled - Math.floor(scaled) - 0.5) < 1e-6) return Number(value.toFixed(4));
  return Math.round(scaled) / 1e4;
}

function percent(probability: number): string {
  return `${Math.round(probability * 100)}%`;
}

function fieldReasons(fields: SignalFields, evidence: Extraction['evidence']): string[] {
  const reasons: string[] = [];
  if (fields.symbols.length > 0) {
    const written = evidence.symbolsWritten.map((text) => `"${text}"`).join(', ');
    reasons.push(
      `symbol ${fields.symbols.join(', ')} (from ${written}${evidence.sats ? ', prices in satoshis' : ''})`,
    );
  }
  if (fields.side !== null) {
    const why =
      evidence.sideFrom === 'prices'
        ? fields.side === 'BUY'
          ? 'targets above the entry'
          : 'targets below the entry'
        : evidence.sideFrom === 'word'
          ? `"${evidence.sideWord}"`
          : 'bullish/bearish wording or colour';
    reasons.push(`side ${fields.side}: ${why}`);
  }
  if (fields.entry !== null) {
    reasons.push(
      fields.entry.length === 1
        ? `entry ${formatPrice(fields.entry[0])}`
        : `entry zone ${fields.entry.map(formatPrice).join('-')}`,
    );
  } else if (evidence.marketEntry) {
    reasons.push('entry at market');
  }
  if (fields.tps.length > 0) {
    reasons.push(
      `${fields.tps.length} take-profit target${fields.tps.length > 1 ? 's' : ''} (${fields.tps.map(formatPrice).join(', ')})`,
    );
  }
  if (fields.sl !== null) reasons.push(`stop-loss ${formatPrice(fields.sl)}`);
  else if (evidence.slPercent !== null) reasons.push(`stop given only as ${evidence.slPercent}% (no price)`);
  if (fields.leverage !== null) reasons.push(`leverage ${fields.leverage}x`);
  return reasons;
}

function evidenceReasons(extraction: Extraction): string[] {
  const { evidence } = extraction;
  const reasons: string[] = [];
  if (evidence.hitMarks > 0)
    reasons.push(`${evidence.hitMarks} target${evidence.hitMarks > 1 ? 's' : ''} marked as hit (✅)`);
  const words = evidence.updateWords;
  const quoted = (list: string[]) => [...new Set(list)].map((word) => `"${word}"`).join(', ');
  if (words.result.length > 0) reasons.push(`results wording: ${quoted(words.result)}`);
  if (words.cancel.length > 0) reasons.push(`cancellation wording: ${quoted(words.cancel)}`);
  if (words.manage.length > 0) reasons.push(`trade-management wording: ${quoted(words.manage)}`);
  if (evidence.question) reasons.push('asks a question');
  if (evidence.pricesContradictSide)
    reasons.push(`the prices contradict the side word "${evidence.sideWord}"`);
  return reasons;
}

// Scoring is synchronous, so one buffer serves every message.
const features = new FeatureBuffer();

/** Score an extraction with a model; `fields` replaces the extracted fields (LLM extraction). */
export function scoreExtraction(
  extraction: Extraction,
  model: SignalTextModel,
  fields: SignalFields = extraction.fields,
): ScoreDetails {
  const probabilities = model.probabilities(features.fill(extraction.normalizedText, extraction));
  const decision = decide(fields, probabilities);
  const reasons = fieldReasons(fields, extraction.evidence);
  reasons.push(...evidenceReasons(extraction));
  reasons.push(`text model: ${percent(decision.tradeProbability)} likely a new trade`);
  if (decision.blockedBy === 'no symbol') reasons.push('no symbol found: nothing to trade');
  if (decision.blockedBy === 'no side') reasons.push('no side found (no side word, prices do not tell)');
  if (decision.label === 'NO-TRADE' && decision.blockedBy === null) {
    reasons.push(
      fields.entry === null && fields.tps.length === 0 && fields.sl === null
        ? 'no trade setup (no entry, targets or stop)'
        : 'reads as a report or update, not a new trade',
    );
  }
  const fe: SignalFields =
    decision.label === 'NO-TRADE'
      ? { symbols: fields.symbols, side: null, entry: null, tps: [], sl: null, leverage: null, size: null }
      : fields;
  return {
    scored: { label: decision.label, confidence: fourDecimals(decision.confidence), reasons, fe },
    decision,
    extraction,
  };
}

/** Extract and score one message with the rules and the given model. */
export function scoreText(text: string, model: SignalTextModel): ScoreDetails {
  return scoreExtraction(extractSignal(text), model);
}
