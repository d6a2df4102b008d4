/**
 * Recognising the words of a message: field labels (`Entry:`, `TP1`, `Стоп:`, `止损`), side words
 * (`LONG`, `шорт`, `做多`), market-entry words and trade-update words, with the boundary rules
 * that keep them apart from ordinary words ("stopped" is not "stop", "short term" is not a side)
 * and that still find them when a message lost its line breaks ("LONGLeverage: 10x").
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
  /** `buy`/`sell` followed by a price act as an entry or target label rather than a side word. */
  beforePrice: boolean;
}

function escape(term: string): string {
  return term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function key(term: string): string {
  return foldTurkish(term).toLowerCase().replace(/[\s_-]+/g, '');
}

function alternation(terms: readonly string[]): string {
  return [...new Set(terms.map(foldTurkish))]
    .sort((a, b) => b.length - a.length)
    .map((term) => escape(term).replace(/[\s-]+/g, '[\\s_-]*'))
    .join('|');
}

const KIND_BY_KEY = new Map<string, FieldKind>();
for (const [kind, terms] of Object.entries(FIELD_TERMS) as [FieldKind, readonly string[]][]) {
  for (const term of terms) if (!KIND_BY_KEY.has(key(term))) KIND_BY_KEY.set(key(term), kind);
}
const LABEL = new RegExp(alternation(Object.values(FIELD_TERMS).flat()), 'giu');

const SIDE_BY_KEY = new Map<string, Side>();
for (const side of ['BUY', 'SELL'] as const) for (const term of SIDE_TERMS[side]) SIDE_BY_KEY.set(key(term), side);
const SIDE = new RegExp(alternation([...SIDE_TERMS.BUY, ...SIDE_TERMS.SELL]), 'giu');

const WEAK_BY_KEY = new Map<string, Side>();
for (const side of ['BUY', 'SELL'] as const) {
  for (const term of [...WEAK_SIDE_TERMS[side], ...WEAK_SIDE_EMOJI[side]]) WEAK_BY_KEY.set(key(term), side);
}
const WEAK_SIDE = new RegExp(
  alternation([...WEAK_SIDE_TERMS.BUY, ...WEAK_SIDE_TERMS.SELL, ...WEAK_SIDE_EMOJI.BUY, ...WEAK_SIDE_EMOJI.SELL]),
  'giu',
);
const MARKET = new RegExp(alternation(MARKET_TERMS), 'giu');
const UPDATE = {
  result: new RegExp(alternation(UPDATE_TERMS.result), 'giu'),
  cancel: new RegExp(alternation(UPDATE_TERMS.cancel), 'giu'),
  manage: new RegExp(alternation(UPDATE_TERMS.manage), 'giu'),
};

const LETTER = /\p{L}/u;
const UPPER = /\p{Lu}/u;
const LOWER = /\p{Ll}/u;
// Scripts written without spaces between words: no word boundaries to check.
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/**
 * Whether a match is a whole word. Digits around are fine (`TP1`, `2987.13SL`). A capitalised
 * word glued after another ("LONGLeverage", "ShortLeverage") starts a new word too.
 */
function isWord(text: string, start: number, end: number, gluedStarts?: ReadonlySet<number>): boolean {
  const word = text.slice(start, end);
  if (UNSPACED.test(word[0]!)) return true;
  const before = text[start - 1];
  if (before !== undefined && LETTER.test(before)) {
    const camel = UPPER.test(word[0]!) && (LOWER.test(word[1] ?? '') || LOWER.test(before));
    if (!camel) return false;
  }
  const after = text[end];
  if (after !== undefined && LETTER.test(after)) {
    const gluedNext = gluedStarts?.has(end) || (LOWER.test(word[word.length - 1]!) && UPPER.test(after));
    if (!gluedNext) return false;
  }
  return true;
}

/** Field labels of one line, longest first where they overlap. */
export function findLabels(line: string): LabelMatch[] {
  const raw: LabelMatch[] = [];
  for (const match of line.matchAll(LABEL)) {
    const kind = KIND_BY_KEY.get(key(match[0]));
    if (kind) raw.push({ kind, start: match.index, end: match.index + match[0].length, text: match[0] });
  }
  const starts = new Set(raw.map((label) => label.start));
  const labels: LabelMatch[] = [];
  for (const label of raw) {
    if (!isWord(line, label.start, label.end, starts)) continue;
    // A lone `T` is a target only as `T1` / `T 2:`.
    if (label.text.length === 1 && !/^\s?\d{1,2}(?![\d.,])/.test(line.slice(label.end))) continue;
    labels.push(label);
  }
  // The global regex already prefers the longest term at each position; drop later overlaps.
  const kept: LabelMatch[] = [];
  for (const label of labels) {
    const previous = kept[kept.length - 1];
    if (previous && label.start < previous.end) continue;
    kept.push(label);
  }
  return kept;
}

/** Side words of one line, except inside labels (`Sell Targets`, `Buy zone`) and horizons (`Short Term`). */
export function findSides(line: string, labels: readonly LabelMatch[]): SideMatch[] {
  const labelStarts = new Set(labels.map((label) => label.start));
  const sides: SideMatch[] = [];
  for (const match of line.matchAll(SIDE)) {
    const start = match.index;
    const end = start + match[0].length;
    if (labels.some((label) => start < label.end && end > label.start)) continue;
    if (!isWord(line, start, end, labelStarts)) continue;
    const side = SIDE_BY_KEY.get(key(match[0]));
    if (!side) continue;
    const rest = line.slice(end, end + 24);
    if (/^[\s-]*(?:term|squeeze|positions?\s+closed)\b/i.test(rest)) continue;
    sides.push({ side, start, end, text: match[0], beforePrice: /^\s*[:=-]?\s*[-:]?\s*\$?\d/.test(rest) });
  }
  return sides;
}

/** Bullish/bearish words and coloured emoji: a side only when nothing stronger says otherwise. */
export function findWeakSides(text: string): Side[] {
  const sides: Side[] = [];
  for (const match of text.matchAll(WEAK_SIDE)) {
    const side = WEAK_BY_KEY.get(key(match[0]));
    if (side && (!/^\p{L}/u.test(match[0]) || isWord(text, match.index, match.index + match[0].length))) sides.push(side);
  }
  return sides;
}

export function findMarketWord(text: string): string | null {
  for (const match of text.matchAll(MARKET)) {
    if (isWord(text, match.index, match.index + match[0].length)) return match[0];
  }
  return null;
}

export interface UpdateWords {
  result: string[];
  cancel: string[];
  manage: string[];
}

/** Report and trade-management words (labels must be blanked out first: "Take Profit" is no result). */
export function findUpdateWords(text: string): UpdateWords {
  const words: UpdateWords = { result: [], cancel: [], manage: [] };
  for (const kind of ['result', 'cancel', 'manage'] as const) {
    for (const match of text.matchAll(UPDATE[kind])) {
      if (isWord(text, match.index, match.index + match[0].length)) words[kind].push(match[0].toLowerCase());
    }
  }
  return words;
}
