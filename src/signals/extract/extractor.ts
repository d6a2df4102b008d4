/**
 * The rule-based extractor: free text in, `{symbols, side, entry, tps, sl, leverage, size}` out,
 * following the conventions of fixtures/signals/shared/README.md.
 *
 * It works by format family rather than by channel: a message is read line by line; a field
 * label (`Entry`, `Targets`, `SL`, `Плечо`, `止损`...) opens a section, and the numbers that follow
 * belong to it — on the same line ("Entry: 1.02 - 1.25", also when line breaks were lost) or on
 * the following lines while they start with a number (lists). Numbers before any label are an
 * entry only next to a side word or symbol ("BTCUSDT long 65000 tp 66000"). Tables are turned
 * into `header: value` lines first. The side comes from the prices when they decide it (targets
 * above the entry → BUY), else from a side word, else from weaker hints.
 */
import {
  findLabels,
  findMarketWord,
  findSides,
  findUpdateWords,
  findWeakSides,
  type LabelMatch,
  type Side,
  type SideMatch,
  type UpdateWords,
} from './fields.js';
import { HIGH_PRICED, SIZE_PATTERN } from './lexicon.js';
import { isDigit, isLetterOrNumber } from './chars.js';
import { normalizeText } from './normalize.js';
import { type NumberToken, scanNumbers } from './numbers.js';
import { findSymbolCandidates, type SymbolCandidate } from './symbols.js';
import { rewriteTables } from './tables.js';
import { splitWords, type Word } from './words.js';

// Per-character reads go through this constant, not `text.charCodeAt(i)`: see chars.ts.
const charCodeAt = String.prototype.charCodeAt;

/** The code at `at`, or -1 outside the text (see chars.ts). */
function codeAt(text: string, at: number): number {
  return at >= 0 && at < text.length ? charCodeAt.call(text, at) : -1;
}

export type { Side } from './fields.js';

/** The extracted fields, in the exact shape of `fe` in the API. */
export interface SignalFields {
  symbols: string[];
  side: Side | null;
  /** `[price]`, `[low, high]`, or null for a market entry or none. */
  entry: [number] | [number, number] | null;
  tps: number[];
  sl: number | null;
  leverage: number | null;
  /** Position size as written ("2%", "3-5% of portfolio"), when given. */
  size: string | null;
}

/** What the rules saw, for the scorer's features and for the reasons shown to users. */
export interface ExtractionEvidence {
  symbolsWritten: string[];
  sideFrom: 'prices' | 'word' | 'hint' | null;
  sideWord: string | null;
  /** Side words of both sides appear. */
  mixedSideWords: boolean;
  /** The prices contradict the side word. */
  pricesContradictSide: boolean;
  marketEntry: boolean;
  slPercent: number | null;
  /** Distinct price fields found by label: entry, targets, stop. */
  labelledFields: number;
  /** ✅ marks after targets ("Target 1: 5.82✅"): targets reported as hit. */
  hitMarks: number;
  updateWords: UpdateWords;
  question: boolean;
  sats: boolean;
  /** Count of price numbers in the message. */
  prices: number;
}

export interface Extraction {
  fields: SignalFields;
  evidence: ExtractionEvidence;
  /** The message after clean-up (digits, dashes, tables), as the text model reads it. */
  normalizedText: string;
}

type Section = 'entry' | 'tp' | 'sl' | 'leverage' | 'ignore' | 'symbol' | 'sell' | 'none';
type PriceSection = 'entry' | 'tp' | 'sl' | 'sell';
type SectionLabel = LabelMatch & { section: Section };

const URL = /\b(?:https?:\/\/|www\.|t\.me\/)\S+/giu;
const MENTION = /(?<![\p{L}\p{N}])@[A-Za-z0-9_]{2,}/gu;
const SATS_WORD = /(?<![\p{L}])(?:sats?|satoshis?|сатош\p{L}*)(?![\p{L}])/iu;
const USD_MENTION = /usdt|usd\b|\$\s?\d/i;
const INDEX_FOLLOW = /^[ \t]*(?:[:)\-.=>➜→➡]|[✅☑✔]|$)/u;

/**
 * `text` with every span replaced by spaces (offsets are kept). Joined rather than concatenated:
 * the result is read character by character many times, and a flat string reads faster than a
 * chain of concatenations.
 */
function blankSpans(text: string, spans: readonly { start: number; end: number }[]): string {
  if (spans.length === 0) return text;
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const parts: string[] = [];
  let position = 0;
  for (const span of sorted) {
    const start = Math.max(span.start, position);
    if (span.end <= start) continue;
    parts.push(text.slice(position, start), ' '.repeat(span.end - start));
    position = span.end;
  }
  parts.push(text.slice(position));
  return parts.join('');
}

function spansOf(text: string, pattern: RegExp): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  for (const match of text.matchAll(pattern))
    spans.push({ start: match.index, end: match.index + match[0].length });
  return spans;
}

/** The items that do not overlap any of the spans (both sorted by start or not: spans are few). */
function outside<T extends { start: number; end: number }>(
  items: T[],
  spans: readonly { start: number; end: number }[],
): T[] {
  if (spans.length === 0) return items;
  const kept: T[] = [];
  for (const item of items) {
    let overlaps = false;
    for (const span of spans) {
      if (item.start < span.end && item.end > span.start) {
        overlaps = true;
        break;
      }
    }
    if (!overlaps) kept.push(item);
  }
  return kept;
}

/** Words (of two letters or more) of a line between two offsets. */
function wordsBetween(words: readonly Word[], line: Line, start: number, end: number): number {
  let count = 0;
  for (let i = line.wordFrom; i < line.wordTo; i += 1) {
    const word = words[i]!;
    if (word.start >= end) break;
    if (word.start >= start && word.end - word.start >= 2) count += 1;
  }
  return count;
}

interface Collected {
  entry: NumberToken[];
  tp: NumberToken[];
  sl: NumberToken[];
  sell: NumberToken[];
  implicit: NumberToken[];
  slPercent: number[];
  leverageInField: number[];
  leverageElsewhere: number[][];
  labelled: Set<PriceSection>;
  marketEntry: boolean;
  entryLabelSeen: boolean;
  tpLabelSeen: boolean;
  sides: { side: Side; text: string; at: number }[];
  sellAsEntry: boolean;
  hitMarks: number;
}

/** What was found in the message, each list sorted by offset. */
interface Found {
  words: readonly Word[];
  labels: readonly LabelMatch[];
  sides: readonly SideMatch[];
  numbers: readonly NumberToken[];
}

/**
 * One line of the message: its offsets and the ranges of the lists of `Found` that lie on it
 * (`words[wordFrom, wordTo)`...). Ranges rather than copies: one object serves every line.
 */
interface Line {
  start: number;
  end: number;
  wordFrom: number;
  wordTo: number;
  labelFrom: number;
  labelTo: number;
  sideFrom: number;
  sideTo: number;
  numberFrom: number;
  numberTo: number;
}

/** Extract the fields of one message. Never throws; unknown text yields empty fields. */
export function extractSignal(text: string): Extraction {
  const normalized = rewriteTables(normalizeText(text));
  const forSymbols = normalized.includes('@')
    ? blankSpans(normalized, spansOf(normalized, MENTION))
    : normalized;
  const hasUrl = /https?:|www\.|t\.me\//i.test(forSymbols);
  const withoutUrls = hasUrl ? blankSpans(forSymbols, spansOf(forSymbols, URL)) : forSymbols;
  const allWords = splitWords(withoutUrls);
  const allLabels = findLabels(withoutUrls, allWords);
  const candidates = findSymbolCandidates(forSymbols, allWords, allLabels);
  const masked = blankSpans(withoutUrls, candidates.all);
  const words = outside(allWords, candidates.all);
  const labels = outside(allLabels, candidates.all);
  const sides = findSides(masked, words, labels);
  const numbers = scanNumbers(masked);

  const collected: Collected = {
    entry: [],
    tp: [],
    sl: [],
    sell: [],
    implicit: [],
    slPercent: [],
    leverageInField: [],
    leverageElsewhere: [],
    labelled: new Set(),
    marketEntry: false,
    entryLabelSeen: false,
    tpLabelSeen: false,
    sides: [],
    sellAsEntry: false,
    hitMarks: 0,
  };
  const expected: Record<PriceSection, number> = { entry: 1, tp: 1, sl: 1, sell: 1 };
  // The next hit mark and `@` at or after the current line (-1: none left): a line without
  // labels, sides or numbers still needs reading when it holds one of them.
  let hitMark = nextHitMark(masked, 0);
  let atSign = masked.indexOf('@');
  const setupLabels: LabelMatch[] = [];
  const found: Found = { words, labels, sides, numbers };
  const line: Line = {
    start: 0,
    end: 0,
    wordFrom: 0,
    wordTo: 0,
    labelFrom: 0,
    labelTo: 0,
    sideFrom: 0,
    sideTo: 0,
    numberFrom: 0,
    numberTo: 0,
  };
  let section: Section = 'none';
  let w = 0;
  let l = 0;
  let s = 0;
  let n = 0;
  let start = 0;
  while (start <= masked.length) {
    let end = masked.indexOf('\n', start);
    if (end === -1) end = masked.length;
    const wordFrom = w;
    while (w < words.length && words[w]!.start < end) w += 1;
    if (hitMark !== -1 && hitMark < start) hitMark = nextHitMark(masked, start);
    if (atSign !== -1 && atSign < start) atSign = masked.indexOf('@', start);
    const quiet =
      (l >= labels.length || labels[l]!.start >= end) &&
      (s >= sides.length || sides[s]!.start >= end) &&
      (n >= numbers.length || numbers[n]!.start >= end) &&
      (atSign === -1 || atSign >= end) &&
      (hitMark === -1 || hitMark >= end);
    if (quiet) {
      // Prose or decoration only: a line of words ends the section, a line of emoji keeps it.
      if (w > wordFrom) section = 'none';
      start = end + 1;
      continue;
    }
    line.start = start;
    line.end = end;
    line.wordFrom = wordFrom;
    line.wordTo = w;
    line.labelFrom = l;
    while (l < labels.length && labels[l]!.start < end) l += 1;
    line.labelTo = l;
    line.sideFrom = s;
    while (s < sides.length && sides[s]!.start < end) s += 1;
    line.sideTo = s;
    line.numberFrom = n;
    while (n < numbers.length && numbers[n]!.start < end) n += 1;
    line.numberTo = n;
    section = readLine(
      masked,
      found,
      line,
      atSign,
      hitMark,
      section,
      expected,
      candidates.all,
      collected,
      setupLabels,
    );
    start = end + 1;
  }
  return assemble(normalized, masked, words, setupLabels, candidates.best, collected);
}

/** Read one line; returns the section that continues on the next line. */
function readLine(
  text: string,
  found: Found,
  line: Line,
  firstAtSign: number,
  firstHitMark: number,
  incoming: Section,
  expected: Record<PriceSection, number>,
  symbols: readonly SymbolCandidate[],
  collected: Collected,
  setupLabels: LabelMatch[],
): Section {
  const { start: lineStart, end: lineEnd } = line;
  const { words, numbers } = found;
  const lead = leadOf(text, found, line);
  if (lead === -1) return incoming;

  const allLabels: SectionLabel[] = [];
  for (let k = line.labelFrom; k < line.labelTo; k += 1) {
    const label = found.labels[k]!;
    allLabels.push({
      kind: label.kind,
      start: label.start,
      end: label.end,
      text: label.text,
      section: sectionOf(label),
    });
  }
  const fieldLabels = allLabels.length;
  // buy/sell followed by a price is a label (Cornix "Buy Zone ... Sell: 0.67"); long/short stays a side.
  for (let k = line.sideFrom; k < line.sideTo; k += 1) {
    const match = found.sides[k]!;
    if (match.beforePrice && !match.positional) {
      allLabels.push({
        kind: 'entry',
        start: match.start,
        end: match.end,
        text: match.text,
        section: match.side === 'BUY' ? 'entry' : 'sell',
      });
      if (match.side === 'BUY') collected.sides.push({ side: 'BUY', text: match.text, at: match.start });
    } else {
      collected.sides.push({ side: match.side, text: match.text, at: match.start });
    }
  }
  for (let at = firstAtSign; at !== -1 && at < lineEnd; at = text.indexOf('@', at + 1)) {
    allLabels.push({ kind: 'entry', start: at, end: at + 1, text: '@', section: 'entry' });
  }
  // Side labels and @ signs go between the field labels (a stable sort keeps ties in this order).
  if (allLabels.length > fieldLabels) allLabels.sort((a, b) => a.start - b.start);
  let section: Section = incoming;
  const leadCode = charCodeAt.call(text, lead);
  const leadIsNumber = isDigit(leadCode) || leadCode === 46;
  if (!leadIsNumber && !hasLabelAt(allLabels, lead)) section = 'none';

  // Numbers after a side word or a symbol on the same line can be an unlabelled entry.
  let sideOrSymbolEnd = Infinity;
  for (let k = line.sideFrom; k < line.sideTo; k += 1)
    sideOrSymbolEnd = Math.min(sideOrSymbolEnd, found.sides[k]!.end);
  for (const symbol of symbols)
    if (symbol.start >= lineStart && symbol.end <= lineEnd)
      sideOrSymbolEnd = Math.min(sideOrSymbolEnd, symbol.end);

  const readLabels: SectionLabel[] = [];
  for (let i = 0; i < allLabels.length; i += 1) {
    const label = allLabels[i]!;
    const nextLabel = allLabels[i + 1];
    const limit = nextLabel ? nextLabel.start : lineEnd;
    const next = firstNumberIn(numbers, line, label.end, limit);
    const unsure = label.text === '@' || isWordAt(label.text);
    if (unsure && !(next && next.start - label.end <= 3 && sideOrSymbolEnd <= label.start)) continue;
    const gapEnd = next ? next.start : limit;
    const gapWords = wordsBetween(words, line, label.end, gapEnd);
    const glued = isDigit(codeAt(text, label.end));
    const inline = next !== undefined && gapEnd - label.end <= 32 && gapWords <= 3;
    const atLineHead =
      wordsBetween(words, line, lineStart, label.start) === 0 || hasLabelEndingNear(allLabels, label.start);
    const listHead = next === undefined && !nextLabel && gapWords <= 3 && atLineHead;
    if (
      label.section === 'entry' &&
      findMarketWord(text, words, firstWordAt(words, line, label.end), firstWordAt(words, line, gapEnd))
    ) {
      collected.marketEntry = true;
    }
    if (!inline && !listHead && !glued) continue;
    if (
      label.section === 'entry' ||
      label.section === 'tp' ||
      label.section === 'sl' ||
      label.section === 'leverage'
    )
      setupLabels.push(label);
    readLabels.push(label);
  }

  // Labels and numbers in order of position (a label first where both start at one offset).
  let lastLabel: SectionLabel | undefined;
  let leverageHere: number[] | null = null;
  let r = 0;
  let n = line.numberFrom;
  while (r < readLabels.length || n < line.numberTo) {
    if (n >= line.numberTo || (r < readLabels.length && readLabels[r]!.start <= numbers[n]!.start)) {
      const label = readLabels[r++]!;
      section = label.section;
      lastLabel = label;
      if (section === 'entry') collected.entryLabelSeen = true;
      if (section === 'tp') collected.tpLabelSeen = true;
      if (section === 'entry' || section === 'tp' || section === 'sl') collected.labelled.add(section);
      readGluedIndex(text, label, section, expected, collected);
      continue;
    }
    const token = numbers[n++]!;
    if (token.role === 'leverage') {
      if (section === 'leverage') collected.leverageInField.push(token.value);
      else (leverageHere ??= []).push(token.value);
      continue;
    }
    if (token.role === 'percent') {
      if (section === 'sl') collected.slPercent.push(token.value);
      continue;
    }
    if (isIndex(text, line, token, lastLabel, section, expected, numbers, lead)) continue;
    lastLabel = undefined;
    switch (section) {
      case 'entry':
        collected.entry.push(token);
        break;
      case 'tp':
        collected.tp.push(token);
        break;
      case 'sl':
        collected.sl.push(token);
        break;
      case 'sell':
        collected.sell.push(token);
        break;
      case 'leverage':
        if (token.value >= 1 && token.value <= 200) collected.leverageInField.push(token.value);
        break;
      case 'none':
        if (sideOrSymbolEnd <= token.start) collected.implicit.push(token);
        break;
      default:
        break;
    }
  }
  if (leverageHere) collected.leverageElsewhere.push(leverageHere);
  if (firstHitMark !== -1 && firstHitMark < lineEnd)
    collected.hitMarks += countHitMarks(text, firstHitMark, lineEnd, allLabels);
  return section;
}

// Loops rather than `labels.some(...)`: these run per line and per label, and each closure is an allocation.
function hasLabelAt(labels: readonly LabelMatch[], at: number): boolean {
  for (const label of labels) if (label.start === at) return true;
  return false;
}

/** Whether a label ends at most three characters before `at` (labels written one after another). */
function hasLabelEndingNear(labels: readonly LabelMatch[], at: number): boolean {
  for (const label of labels) if (label.end <= at && label.end >= at - 3) return true;
  return false;
}

/** Whether a label is the word "at" in any case (compared by code: this runs for every label). */
function isWordAt(text: string): boolean {
  return (
    text.length === 2 && (charCodeAt.call(text, 0) | 0x20) === 97 && (charCodeAt.call(text, 1) | 0x20) === 116
  );
}

/** The first number of a line that starts in [from, to). */
function firstNumberIn(
  numbers: readonly NumberToken[],
  line: Line,
  from: number,
  to: number,
): NumberToken | undefined {
  for (let k = line.numberFrom; k < line.numberTo; k += 1) {
    const token = numbers[k]!;
    if (token.start >= from && token.start < to) return token;
  }
  return undefined;
}

/** Offset of the first letter, digit or `.5` of a line (-1 for a line of emoji and punctuation). */
function leadOf(text: string, found: Found, line: Line): number {
  const firstWord = line.wordFrom < line.wordTo ? found.words[line.wordFrom]!.start : Infinity;
  const firstNumber = line.numberFrom < line.numberTo ? found.numbers[line.numberFrom]!.start : Infinity;
  const candidate = Math.min(firstWord, firstNumber);
  // Digits that are not numbers (TP1, H4) and letters outside words are rare: fall back to a scan.
  for (let at = line.start; at < Math.min(candidate, line.end); at += 1) {
    const code = charCodeAt.call(text, at);
    if (isDigit(code) || (code === 46 && isDigit(codeAt(text, at + 1)))) return at;
    if (code > 127 && isLetterOrNumber(code)) return at;
  }
  return candidate === Infinity ? -1 : candidate;
}

/** Index of the first word of a line starting at or after `offset` (the line's end when none). */
function firstWordAt(words: readonly Word[], line: Line, offset: number): number {
  let i = line.wordFrom;
  while (i < line.wordTo && words[i]!.start < offset) i += 1;
  return i;
}

function sectionOf(label: LabelMatch): Section {
  return label.kind === 'horizon' ? 'tp' : label.kind;
}

/** `TP1`, `Tg2` and the typo `TP41.3100` (= TP4 1.3100): digits glued to a target label. */
function readGluedIndex(
  text: string,
  label: LabelMatch,
  section: Section,
  expected: Record<PriceSection, number>,
  collected: Collected,
): void {
  if (section !== 'tp' && section !== 'entry' && section !== 'sl') return;
  if (!isDigit(codeAt(text, label.end))) return;
  const glued = /^(\d+)(?:([.,])(\d+))?/.exec(text.slice(label.end, label.end + 24));
  if (!glued) return;
  const [whole, integer, , fraction] = glued as unknown as [
    string,
    string,
    string | undefined,
    string | undefined,
  ];
  if (fraction === undefined) {
    expected[section] = Number(integer) + 1;
    return;
  }
  const index = String(expected[section]);
  const value =
    integer.startsWith(index) && integer.length > index.length
      ? Number(`${integer.slice(index.length)}.${fraction}`)
      : Number(`${integer}.${fraction}`);
  if (integer.startsWith(index) && integer.length > index.length) expected[section] += 1;
  collected[section].push({
    start: label.end,
    end: label.end + whole.length,
    value,
    raw: whole,
    role: 'price',
    whole: false,
    decimals: fraction.length,
    sats: false,
    currency: false,
  });
}

/** Whether a number numbers a list item (`1)`, `Target 1:`, `TP #2`) rather than being a price. */
function isIndex(
  text: string,
  line: Line,
  token: NumberToken,
  lastLabel: (LabelMatch & { section: Section }) | undefined,
  section: Section,
  expected: Record<PriceSection, number>,
  numbers: readonly NumberToken[],
  lead: number,
): boolean {
  if (!token.whole || token.value > 30 || token.value < 0) return false;
  const lineEnd = line.end;
  const priceSection =
    section === 'entry' || section === 'tp' || section === 'sl' || section === 'sell' ? section : null;
  const consume = () => {
    if (priceSection) expected[priceSection] = token.value + 1;
    return true;
  };
  // `1)` or `1 )`, not `(1)`: read by code, most numbers are not followed by a bracket.
  const next = token.end < lineEnd ? charCodeAt.call(text, token.end) : -1;
  const closes =
    next === 41 || (next === 32 && token.end + 1 < lineEnd && charCodeAt.call(text, token.end + 1) === 41);
  if (closes && codeAt(text, token.start - 1) !== 40) return consume();
  if (!priceSection) return false;
  // What follows on the line (a bounded look-ahead; \u0001 marks a cut, so `$` means the line's end).
  const after =
    lineEnd - token.end > 16
      ? `${text.slice(token.end, token.end + 16)}\u0001`
      : text.slice(token.end, lineEnd);
  if (lastLabel && token.value <= 20) {
    const gap = text.slice(lastLabel.end, token.start);
    if (/^\s?#?\s?$|^\s*\(\s*$/.test(gap)) {
      if (priceSection === 'tp' || priceSection === 'sell') {
        if (INDEX_FOLLOW.test(after)) return consume();
        if (token.value === expected[priceSection]) return consume();
      } else if (/^\s*[:)]/.test(after)) {
        return consume();
      }
    }
  }
  if (token.start === lead && token.value === expected[priceSection] && /^\s*[.:)-]\s*/.test(after)) {
    let laterPrice = false;
    for (let k = line.numberFrom; k < line.numberTo && !laterPrice; k += 1)
      laterPrice = numbers[k]!.start > token.end && numbers[k]!.role === 'price';
    if (laterPrice) return consume();
  }
  return false;
}

/** ✅, ☑ and ✔: the marks channels put after a target that was hit (each one UTF-16 unit). */
const HIT_MARKS = [0x2705, 0x2611, 0x2714] as const;
const HIT_MARK_STRINGS = HIT_MARKS.map((code) => String.fromCharCode(code));

function isHitMark(code: number): boolean {
  return code === HIT_MARKS[0] || code === HIT_MARKS[1] || code === HIT_MARKS[2];
}

/** Offset of the first hit mark at or after `from`, or -1 (native searches: most texts hold none). */
function nextHitMark(text: string, from: number): number {
  let first = -1;
  for (const mark of HIT_MARK_STRINGS) {
    const at = text.indexOf(mark, from);
    if (at !== -1 && (first === -1 || at < first)) first = at;
  }
  return first;
}

/**
 * ✅ after a target or a price ("Target 1: 5.82✅", "TP2 ✅") reports it as hit; before a label or
 * a price ("✅ TP1: 2.28", "☑️ 1806.3") it is decoration.
 */
function countHitMarks(
  text: string,
  firstMark: number,
  lineEnd: number,
  labels: readonly LabelMatch[],
): number {
  let count = 0;
  for (let at = firstMark; at < lineEnd; at += 1) {
    if (!isHitMark(charCodeAt.call(text, at))) continue;
    let next = at + 1;
    while (next < lineEnd && (charCodeAt.call(text, next) === 32 || charCodeAt.call(text, next) === 9))
      next += 1;
    if (next >= lineEnd) {
      count += 1;
      continue;
    }
    const code = charCodeAt.call(text, next);
    const decoration = isDigit(code) || code === 46 || code === 36 || hasLabelAt(labels, next);
    if (!decoration) count += 1;
  }
  return count;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Satoshi shorthand: after `0.00002150`, a bare `2180` means `0.00002180` (same decimal places);
 * and in a list of whole satoshi prices `.310` means `310`.
 */
function repairAbbreviations(tokens: NumberToken[]): void {
  const reference = tokens.find((token) => !token.whole && token.value < 1 && token.decimals >= 4);
  if (reference) {
    const scale = 10 ** -reference.decimals;
    for (const token of tokens) {
      if (!token.whole || token.value < 10 || !/^\d+$/.test(token.raw)) continue;
      const ratio = (token.value * scale) / reference.value;
      if (ratio >= 0.5 && ratio <= 2) token.value = Number((token.value * scale).toFixed(reference.decimals));
    }
  }
  if (!tokens.some((token) => token.raw.startsWith('.'))) return;
  const wholes = tokens.filter((token) => token.whole && token.value >= 10).map((token) => token.value);
  if (wholes.length >= 2 && wholes.length >= tokens.length * 0.6) {
    const middle = median(wholes);
    for (const token of tokens) {
      if (!token.raw.startsWith('.')) continue;
      const asWhole = Number(token.raw.slice(1));
      if (asWhole / middle >= 0.5 && asWhole / middle <= 2) token.value = asWhole;
    }
  }
}

/** The position size as written ("Wallet size 2%"): looked for only just before a `%`. */
function findSize(text: string): string | null {
  for (let at = text.indexOf('%'); at !== -1; at = text.indexOf('%', at + 1)) {
    const match = SIZE_PATTERN.exec(text.slice(Math.max(0, at - 40), at + 48));
    if (match) return match[0].trim();
  }
  return null;
}

function sideFromPrices(
  entry: number[] | null,
  tps: readonly number[],
  sl: number | null,
): { side: Side | null; decisive: boolean } {
  if (entry && tps.length > 0) {
    const low = Math.min(...entry);
    const high = Math.max(...entry);
    const above = tps.filter((tp) => tp > high).length;
    const below = tps.filter((tp) => tp < low).length;
    const slAgrees = (side: Side) => sl === null || (side === 'BUY' ? sl < low : sl > high);
    if (above > 0 && below === 0) return { side: 'BUY', decisive: slAgrees('BUY') };
    if (below > 0 && above === 0) return { side: 'SELL', decisive: slAgrees('SELL') };
    if (above !== below) return { side: above > below ? 'BUY' : 'SELL', decisive: false };
  }
  if (sl !== null && tps.length > 0) {
    const above = tps.filter((tp) => tp > sl).length;
    if (above === tps.length) return { side: 'BUY', decisive: true };
    if (above === 0) return { side: 'SELL', decisive: true };
  }
  if (sl !== null && entry) {
    if (sl < Math.min(...entry)) return { side: 'BUY', decisive: false };
    if (sl > Math.max(...entry)) return { side: 'SELL', decisive: false };
  }
  return { side: null, decisive: false };
}

/** One price, or the low and high of a zone or ladder. */
function entryOf(tokens: readonly NumberToken[]): SignalFields['entry'] {
  if (tokens.length === 0) return null;
  if (tokens.length === 1) return [tokens[0]!.value];
  let low = Infinity;
  let high = -Infinity;
  for (const { value } of tokens) {
    low = Math.min(low, value);
    high = Math.max(high, value);
  }
  return [low, high];
}

function assemble(
  normalized: string,
  masked: string,
  words: readonly Word[],
  setupLabels: readonly LabelMatch[],
  symbols: readonly SymbolCandidate[],
  collected: Collected,
): Extraction {
  // "Sell: 0.67" names targets when the entry is labelled elsewhere (Cornix), else it is the entry of a short.
  if (collected.sell.length > 0) {
    if (!collected.entryLabelSeen && collected.tpLabelSeen) {
      collected.entry.push(...collected.sell);
      collected.sellAsEntry = true;
      collected.labelled.add('entry');
    } else {
      collected.tp.push(...collected.sell);
      collected.labelled.add('tp');
    }
  }
  const entryTokens =
    collected.entry.length > 0 || collected.marketEntry ? collected.entry : collected.implicit;
  // Pushed one by one: spreading into a literal and `concat` both showed up in the profile.
  const priceTokens: NumberToken[] = [];
  for (const tokens of [entryTokens, collected.tp, collected.sl])
    for (const token of tokens) priceTokens.push(token);
  repairAbbreviations(priceTokens);

  const entry = entryOf(entryTokens);
  const tps: number[] = [];
  for (const token of collected.tp) tps.push(token.value);
  const sl = collected.sl[0]?.value ?? null;

  const fieldLeverage = collected.leverageInField.length > 0 ? Math.max(...collected.leverageInField) : null;
  const firstElsewhere = collected.leverageElsewhere[0];
  const leverage = fieldLeverage ?? (firstElsewhere ? Math.max(...firstElsewhere) : null);

  const satsWord =
    priceTokens.some((token) => token.sats) || (/sat|сат/i.test(normalized) && SATS_WORD.test(normalized));
  const wholePrices =
    priceTokens.length >= 2 && priceTokens.every((token) => token.whole && token.value >= 100);
  const symbolsOut: string[] = [];
  let sats = satsWord;
  for (const symbol of symbols) {
    let quote = symbol.quote;
    if (quote === null) {
      const looksLikeSats =
        satsWord ||
        (wholePrices &&
          !HIGH_PRICED.has(symbol.base) &&
          !USD_MENTION.test(normalized) &&
          !priceTokens.some((token) => token.currency));
      quote = looksLikeSats ? 'BTC' : 'USDT';
      if (looksLikeSats) sats = true;
    }
    symbolsOut.push(`${symbol.base}/${quote}`);
  }

  const strong = collected.sides;
  const buyWords = strong.filter((match) => match.side === 'BUY');
  const sellWords = strong.filter((match) => match.side === 'SELL');
  const mixedSideWords = buyWords.length > 0 && sellWords.length > 0;
  const wordSide: Side | null = collected.sellAsEntry
    ? 'SELL'
    : mixedSideWords
      ? strong[0]!.side
      : (strong[0]?.side ?? null);
  const prices = sideFromPrices(entry, tps, sl);
  let side: Side | null = null;
  let sideFrom: ExtractionEvidence['sideFrom'] = null;
  if (prices.side && prices.decisive) {
    side = prices.side;
    sideFrom = 'prices';
  } else if (wordSide) {
    side = wordSide;
    sideFrom = 'word';
  } else if (prices.side) {
    side = prices.side;
    sideFrom = 'prices';
  } else {
    const weak = findWeakSides(masked, words);
    const buys = weak.filter((hint) => hint === 'BUY').length;
    const sells = weak.length - buys;
    if (buys !== sells) {
      side = buys > sells ? 'BUY' : 'SELL';
      sideFrom = 'hint';
    }
  }

  const size = findSize(normalized);
  const evidence: ExtractionEvidence = {
    symbolsWritten: symbols.map((symbol) => symbol.written.trim()),
    sideFrom,
    sideWord: strong[0]?.text ?? null,
    mixedSideWords,
    pricesContradictSide: Boolean(wordSide && prices.side && prices.decisive && wordSide !== prices.side),
    marketEntry: collected.marketEntry && entryTokens.length === 0,
    slPercent: sl === null ? (collected.slPercent[0] ?? null) : null,
    labelledFields: collected.labelled.size,
    hitMarks: collected.hitMarks,
    updateWords: findUpdateWords(masked, words, setupLabels),
    question: normalized.includes('?') || normalized.includes('؟'),
    sats,
    prices: priceTokens.length,
  };
  return {
    fields: { symbols: symbolsOut, side, entry, tps, sl, leverage, size },
    evidence,
    normalizedText: normalized,
  };
}
