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
  type UpdateWords,
} from './fields.js';
import { HIGH_PRICED, SIZE_PATTERN } from './lexicon.js';
import { normalizeText } from './normalize.js';
import { type NumberToken, scanGluedLeverage, scanNumbers, scanPrefixedLeverage } from './numbers.js';
import { findSymbolCandidates, type SymbolCandidate } from './symbols.js';
import { rewriteTables } from './tables.js';

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

const LONG_SHORT_WORDS = new Set(
  ['long', 'short', 'лонг', 'шорт', 'лонгуем', 'шортим', 'kısa', 'kisa', 'largo', 'corto', '做多', '做空', '多单', '空单',
    '开多', '开空', 'لانگ', 'شورت', 'لونج'],
);
const HIT_MARK = /[✅☑✔]/gu;
const URL = /\b(?:https?:\/\/|www\.|t\.me\/)\S+/giu;
const MENTION = /(?<![\p{L}\p{N}])@[A-Za-z0-9_]{2,}/gu;
const WORD = /\p{L}{2,}/gu;
const SATS_WORD = /(?<![\p{L}])(?:sats?|satoshis?|сатош\p{L}*)(?![\p{L}])/iu;
const USD_MENTION = /usdt|usd\b|\$\s?\d/i;
const INDEX_FOLLOW = /^\s*(?:[:)\-.=>➜→➡]|[✅☑✔]|$)/u;

function blank(text: string, start: number, end: number): string {
  return text.slice(0, start) + ' '.repeat(end - start) + text.slice(end);
}

function wordCount(text: string): number {
  let count = 0;
  for (const _ of text.matchAll(WORD)) count += 1;
  return count;
}

interface LineEvent {
  at: number;
  label?: LabelMatch & { section: Section };
  number?: NumberToken;
  leverage?: number;
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
  labelSpans: { line: number; start: number; end: number }[];
}

/** Extract the fields of one message. Never throws; unknown text yields empty fields. */
export function extractSignal(text: string): Extraction {
  const normalized = rewriteTables(normalizeText(text));
  const forSymbols = normalized.replace(MENTION, (mention) => ' '.repeat(mention.length));
  const candidates = findSymbolCandidates(forSymbols);
  let masked = forSymbols.replace(URL, (url) => ' '.repeat(url.length));
  for (const candidate of candidates.all) masked = blank(masked, candidate.start, candidate.end);

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
    labelSpans: [],
  };
  const lines = masked.split('\n');
  let offset = 0;
  let section: Section = 'none';
  const expected: Record<PriceSection, number> = { entry: 1, tp: 1, sl: 1, sell: 1 };
  for (let lineNo = 0; lineNo < lines.length; lineNo += 1) {
    const line = lines[lineNo]!;
    section = readLine(line, offset, section, expected, candidates.all, collected, lineNo);
    offset += line.length + 1;
  }

  let blanked = masked;
  const lineStarts: number[] = [];
  let position = 0;
  for (const line of lines) {
    lineStarts.push(position);
    position += line.length + 1;
  }
  for (const span of collected.labelSpans) {
    const start = lineStarts[span.line]! + span.start;
    blanked = blank(blanked, start, lineStarts[span.line]! + span.end);
  }
  return assemble(normalized, blanked, candidates.best, collected);
}

/** Read one line; returns the section that continues on the next line. */
function readLine(
  line: string,
  offset: number,
  incoming: Section,
  expected: Record<PriceSection, number>,
  symbols: readonly SymbolCandidate[],
  collected: Collected,
  lineNo: number,
): Section {
  const lead = line.search(/[\p{L}\p{N}]|\.\d/u);
  if (lead === -1) return incoming;
  const labels = findLabels(line);
  const sideMatches = findSides(line, labels);
  const numbers = scanNumbers(line);
  const events: LineEvent[] = [];

  // buy/sell followed by a price is a label (Cornix "Buy Zone ... Sell: 0.67"); long/short stays a side.
  const sideLabels: (LabelMatch & { section: Section })[] = [];
  for (const match of sideMatches) {
    const positional = LONG_SHORT_WORDS.has(match.text.toLowerCase());
    if (match.beforePrice && !positional) {
      sideLabels.push({ kind: 'entry', start: match.start, end: match.end, text: match.text, section: match.side === 'BUY' ? 'entry' : 'sell' });
      if (match.side === 'BUY') collected.sides.push({ side: 'BUY', text: match.text, at: offset + match.start });
    } else {
      collected.sides.push({ side: match.side, text: match.text, at: offset + match.start });
    }
  }
  const allLabels = [...labels.map((label) => ({ ...label, section: sectionOf(label) })), ...sideLabels].sort(
    (a, b) => a.start - b.start,
  );
  const startsAtLead = allLabels.some((label) => label.start === lead);
  let section: Section = incoming;
  const leadIsNumber = /[\d.]/.test(line[lead]!);
  if (!leadIsNumber && !startsAtLead) section = 'none';

  const sideBefore = (at: number) =>
    sideMatches.some((match) => match.end <= at) ||
    symbols.some((symbol) => symbol.start >= offset && symbol.end - offset <= at);

  for (let i = 0; i < allLabels.length; i += 1) {
    const label = allLabels[i]!;
    const nextLabel = allLabels[i + 1];
    const limit = nextLabel ? nextLabel.start : line.length;
    const next = numbers.find((token) => token.start >= label.end && token.start < limit);
    const lowered = label.text.toLowerCase();
    if ((lowered === 'at' || lowered === '@') && !(next && next.start - label.end <= 3 && sideBefore(label.start))) continue;
    const gap = line.slice(label.end, next ? next.start : limit);
    const glued = /^\d/.test(line.slice(label.end));
    const inline = next !== undefined && gap.length <= 32 && wordCount(gap) <= 3;
    const beforeLabelText = line.slice(0, label.start);
    const atLineHead = wordCount(beforeLabelText.replace(/[^\p{L}]+/gu, ' ')) === 0 || allLabels.some((other) => other.end <= label.start && other.end >= label.start - 3);
    const listHead = next === undefined && !nextLabel && wordCount(gap) <= 3 && atLineHead;
    if (label.section === 'entry' && findMarketWord(gap)) collected.marketEntry = true;
    if (!inline && !listHead && !glued) continue;
    collected.labelSpans.push({ line: lineNo, start: label.start, end: label.end });
    events.push({ at: label.start, label });
  }
  for (const token of numbers) events.push({ at: token.start, number: token });
  for (const lev of [...scanPrefixedLeverage(line), ...scanGluedLeverage(line)]) events.push({ at: lev.start, leverage: lev.value });
  events.sort((a, b) => a.at - b.at);

  let lastLabel: (LabelMatch & { section: Section }) | undefined;
  const leverageHere: number[] = [];
  for (const event of events) {
    if (event.label) {
      section = event.label.section;
      lastLabel = event.label;
      if (section === 'entry') collected.entryLabelSeen = true;
      if (section === 'tp') collected.tpLabelSeen = true;
      if (section === 'entry' || section === 'tp' || section === 'sl') collected.labelled.add(section);
      readGluedIndex(line, event.label, section, expected, collected);
      continue;
    }
    if (event.leverage !== undefined) {
      if (section === 'leverage') collected.leverageInField.push(event.leverage);
      else leverageHere.push(event.leverage);
      continue;
    }
    const token = event.number!;
    if (token.role === 'leverage') {
      if (section === 'leverage') collected.leverageInField.push(token.value);
      else leverageHere.push(token.value);
      continue;
    }
    if (token.role === 'percent') {
      if (section === 'sl') collected.slPercent.push(token.value);
      continue;
    }
    if (isIndex(line, token, lastLabel, section, expected, numbers, lead)) continue;
    lastLabel = undefined;
    switch (section) {
      case 'entry':
      case 'tp':
      case 'sl':
      case 'sell':
        collected[section].push(token);
        break;
      case 'leverage':
        if (token.value >= 1 && token.value <= 200) collected.leverageInField.push(token.value);
        break;
      case 'none':
        if (sideBefore(token.start)) collected.implicit.push(token);
        break;
      default:
        break;
    }
  }
  if (leverageHere.length > 0) collected.leverageElsewhere.push(leverageHere);
  collected.hitMarks += countHitMarks(line, allLabels);
  return section;
}

function sectionOf(label: LabelMatch): Section {
  return label.kind === 'horizon' ? 'tp' : label.kind;
}

/** `TP1`, `Tg2` and the typo `TP41.3100` (= TP4 1.3100): digits glued to a target label. */
function readGluedIndex(
  line: string,
  label: LabelMatch,
  section: Section,
  expected: Record<PriceSection, number>,
  collected: Collected,
): void {
  if (section !== 'tp' && section !== 'entry' && section !== 'sl') return;
  const glued = /^(\d+)(?:([.,])(\d+))?/.exec(line.slice(label.end));
  if (!glued) return;
  const [whole, integer, , fraction] = glued as unknown as [string, string, string | undefined, string | undefined];
  if (fraction === undefined) {
    expected[section] = Number(integer) + 1;
    return;
  }
  const index = String(expected[section]);
  const value = integer.startsWith(index) && integer.length > index.length
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
  line: string,
  token: NumberToken,
  lastLabel: (LabelMatch & { section: Section }) | undefined,
  section: Section,
  expected: Record<PriceSection, number>,
  numbers: readonly NumberToken[],
  lead: number,
): boolean {
  if (!token.whole || token.value > 30 || token.value < 0) return false;
  const after = line.slice(token.end);
  const priceSection = section === 'entry' || section === 'tp' || section === 'sl' || section === 'sell' ? section : null;
  const consume = () => {
    if (priceSection) expected[priceSection] = token.value + 1;
    return true;
  };
  if (/^\s?\)/.test(after) && line[token.start - 1] !== '(') return consume();
  if (lastLabel && priceSection && token.value <= 20) {
    const gap = line.slice(lastLabel.end, token.start);
    if (/^\s?#?\s?$|^\s*\(\s*$/.test(gap)) {
      if (priceSection === 'tp' || priceSection === 'sell') {
        if (INDEX_FOLLOW.test(after)) return consume();
        if (token.value === expected[priceSection]) return consume();
      } else if (/^\s*[:)]/.test(after)) {
        return consume();
      }
    }
  }
  if (priceSection && token.start === lead && token.value === expected[priceSection] && /^\s*[.:)-]\s*/.test(after)) {
    const laterPrice = numbers.some((other) => other.start > token.end && other.role === 'price');
    if (laterPrice) return consume();
  }
  return false;
}

function countHitMarks(line: string, labels: readonly LabelMatch[]): number {
  let count = 0;
  for (const match of line.matchAll(HIT_MARK)) {
    const restStart = match.index + match[0].length;
    const rest = line.slice(restStart);
    const trimmed = rest.trimStart();
    const nextAt = restStart + (rest.length - trimmed.length);
    if (trimmed === '' || !(labels.some((label) => label.start === nextAt) || /^[\d.$]/.test(trimmed))) count += 1;
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

function sideFromPrices(entry: number[] | null, tps: readonly number[], sl: number | null): { side: Side | null; decisive: boolean } {
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

function assemble(
  normalized: string,
  blanked: string,
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
  const entryTokens = collected.entry.length > 0 || collected.marketEntry ? collected.entry : collected.implicit;
  const priceTokens = [...entryTokens, ...collected.tp, ...collected.sl];
  repairAbbreviations(priceTokens);

  const entryValues = entryTokens.map((token) => token.value);
  const entry: SignalFields['entry'] =
    entryValues.length === 0
      ? null
      : entryValues.length === 1
        ? [entryValues[0]!]
        : [Math.min(...entryValues), Math.max(...entryValues)];
  const tps = collected.tp.map((token) => token.value);
  const sl = collected.sl[0]?.value ?? null;

  const fieldLeverage = collected.leverageInField.length > 0 ? Math.max(...collected.leverageInField) : null;
  const firstElsewhere = collected.leverageElsewhere[0];
  const leverage = fieldLeverage ?? (firstElsewhere ? Math.max(...firstElsewhere) : null);

  const satsWord = SATS_WORD.test(normalized) || priceTokens.some((token) => token.sats);
  const wholePrices = priceTokens.length >= 2 && priceTokens.every((token) => token.whole && token.value >= 100);
  const symbolsOut: string[] = [];
  let sats = satsWord;
  for (const symbol of symbols) {
    let quote = symbol.quote;
    if (quote === null) {
      const looksLikeSats =
        satsWord ||
        (wholePrices && !HIGH_PRICED.has(symbol.base) && !USD_MENTION.test(normalized) && !priceTokens.some((token) => token.currency));
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
    const weak = findWeakSides(normalized);
    const buys = weak.filter((hint) => hint === 'BUY').length;
    const sells = weak.length - buys;
    if (buys !== sells) {
      side = buys > sells ? 'BUY' : 'SELL';
      sideFrom = 'hint';
    }
  }

  const size = SIZE_PATTERN.exec(normalized)?.[0].trim() ?? null;
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
    updateWords: findUpdateWords(blanked),
    question: /[?؟]/.test(normalized),
    sats,
    prices: priceTokens.length,
  };
  return { fields: { symbols: symbolsOut, side, entry, tps, sl, leverage, size }, evidence, normalizedText: normalized };
}
