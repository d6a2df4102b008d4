/**
 * Recognising the words of a message: field labels (`Entry:`, `TP1`, `Стоп:`, `止损`), side words
 * (`LONG`, `шорт`, `做多`), market-entry words and trade-update words, with the rules that keep
 * them apart from ordinary words ("short term" is not a side, a lone `T` is a target only in
 * `T1`). Matching is by whole words (see `words.ts`), so "stopped" is never "stop".
 */
import {
  FIELD_TERMS,
  type FieldKind,
  MARKET_TERMS,
  SIDE_TERMS,
  UPDATE_TERMS,
  WEAK_SIDE_EMOJI,
  WEAK_SIDE_TERMS,
} from './lexicon.js';
import { foldTurkish } from './normalize.js';
import { Lexicon, type Word } from './words.js';

export type Side = 'BUY' | 'SELL';

export interface LabelMatch {
  kind: FieldKind;
  start: number;
  end: number;
  text: string;
}

export interface SideMatch {
  side: Side;
  start: number;
  end: number;
  text: string;
  /** Followed directly by a price (`Buy: 0.45`, `Sell 360`). */
  beforePrice: boolean;
  /** A position word (long/short...) rather than a verb (buy/sell...). */
  positional: boolean;
}

export type UpdateKind = 'result' | 'cancel' | 'manage';

export interface UpdateWords {
  result: string[];
  cancel: string[];
  manage: string[];
}

function entries<V>(table: Record<string, readonly string[]>): [string, V][] {
  return Object.entries(table).flatMap(([value, terms]) =>
    terms.map((term) => [foldTurkish(term), value as V] as [string, V]),
  );
}

const LABELS = new Lexicon<FieldKind>(entries<FieldKind>(FIELD_TERMS));
const SIDES = new Lexicon<Side>(entries<Side>(SIDE_TERMS));
const WEAK_SIDES = new Lexicon<Side>(entries<Side>(WEAK_SIDE_TERMS));
const MARKET = new Lexicon<true>(MARKET_TERMS.map((term) => [term, true] as const));
const UPDATES = new Lexicon<UpdateKind>(entries<UpdateKind>(UPDATE_TERMS));
// prettier-ignore
const POSITION_WORDS = new Set([
  'long', 'short', 'лонг', 'шорт', 'лонгуем', 'шортим', 'kisa', 'largo', 'corto', '做多', '做空', '多单', '空单', '开多',
  '开空', 'لانگ', 'شورت', 'لونج',
]);
const NOT_A_SIDE_AFTER = /^[\s-]*(?:term|squeeze|liquidations?|positions?\s+closed|plazo|vade|срок)/i;
const PRICE_AFTER = /^[ \t]*[:=-]?[ \t]*[-:]?[ \t]*\$?\d/;

export function isSideWord(lower: string): boolean {
  return SIDES.has(lower);
}

/** Field labels among `words[from, to)`. */
export function findLabels(text: string, words: readonly Word[], from = 0, to = words.length): LabelMatch[] {
  const labels: LabelMatch[] = [];
  for (const match of LABELS.find(text, words, from, to)) {
    // A lone `T` is a target only as `T1` / `T 2:`.
    if (
      match.end - match.start === 1 &&
      match.value === 'tp' &&
      !/^ ?\d{1,2}(?![\d.,])/.test(text.slice(match.end, match.end + 4))
    )
      continue;
    labels.push({ kind: match.value, start: match.start, end: match.end, text: match.text });
  }
  return labels;
}

/** Side words among `words[from, to)`, except inside labels (`Sell Targets`) and horizons (`Short Term`). */
export function findSides(
  text: string,
  words: readonly Word[],
  labels: readonly LabelMatch[],
  from = 0,
  to = words.length,
): SideMatch[] {
  const sides: SideMatch[] = [];
  for (const match of SIDES.find(text, words, from, to)) {
    if (labels.some((label) => match.start < label.end && match.end > label.start)) continue;
    const rest = text.slice(match.end, match.end + 24);
    if (NOT_A_SIDE_AFTER.test(rest)) continue;
    const lower = match.text.toLowerCase();
    sides.push({
      side: match.value,
      start: match.start,
      end: match.end,
      text: match.text,
      beforePrice: PRICE_AFTER.test(rest),
      positional: POSITION_WORDS.has(lower),
    });
  }
  return sides;
}

/** Bullish/bearish words and coloured emoji: a side only when nothing stronger says otherwise. */
export function findWeakSides(text: string, words: readonly Word[]): Side[] {
  const sides = WEAK_SIDES.find(text, words).map((match) => match.value);
  for (const side of ['BUY', 'SELL'] as const) {
    for (const emoji of WEAK_SIDE_EMOJI[side]) {
      for (let at = text.indexOf(emoji); at !== -1; at = text.indexOf(emoji, at + emoji.length))
        sides.push(side);
    }
  }
  return sides;
}

/** The first market-entry word ("market", "CMP", "now", "по рынку") among `words[from, to)`. */
export function findMarketWord(
  text: string,
  words: readonly Word[],
  from: number,
  to: number,
): string | null {
  if (from >= to) return null;
  return MARKET.find(text, words, from, to)[0]?.text ?? null;
}

/** Report and trade-management words, outside the given spans (trade labels: "Take Profit" is no result). */
export function findUpdateWords(
  text: string,
  words: readonly Word[],
  outside: readonly { start: number; end: number }[],
): UpdateWords {
  const found: UpdateWords = { result: [], cancel: [], manage: [] };
  for (const match of UPDATES.find(text, words)) {
    if (outside.some((span) => match.start < span.end && match.end > span.start)) continue;
    found[match.value].push(match.text.toLowerCase());
  }
  return found;
}
