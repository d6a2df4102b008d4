/**
 * Finding the traded symbols of a message. Candidates come in tiers of decreasing certainty:
 * 1. a written pair (`BTC/USDT`, `btc-usdt`, `SOL /USDT`, `BTCUSDT`, `SUSHIUSDTPERP`, `BTC-NEO`);
 * 2. a hashtag or cashtag (`#MDX`, `$PEPE`) or a field (`Coin: FET`);
 * 3. a well-known ticker written bare in capitals (`BTC long 65000`).
 * The message's symbols are those of the best tier present, in order of appearance, so that a
 * mention further down ("#GMT already broke down") does not add a second symbol.
 */
import { AMBIGUOUS_TICKERS, FIELD_TERMS, KNOWN_TICKERS, NEVER_BASE, NOT_COINS, SIDE_TERMS } from './lexicon.js';

export interface SymbolCandidate {
  base: string;
  /** Null when the message gives no quote (the extractor then picks USDT or BTC). */
  quote: string | null;
  tier: 1 | 2 | 3;
  start: number;
  end: number;
  /** How it was written, for the reasons shown to users. */
  written: string;
}

const QUOTES = 'USDT|USDC|BUSD|FDUSD|TUSD|USD|BTC|ETH|BNB|EUR|TRY|DAI';
/** Case-insensitive spelling without the `i` flag, under which `\p{Ll}` would match capitals too. */
function anyCase(words: string): string {
  return words.replace(/[A-Z]/g, (letter) => `[${letter}${letter.toLowerCase()}]`);
}
const SEPARATED_PAIR = new RegExp(
  `(?<![\\p{L}\\p{N}])[#$]?([A-Za-z0-9]{1,15})\\s?[/\\-_]\\s?(${anyCase(QUOTES)})(?:[-_.]?${anyCase('PERP')}|\\.[Pp])?(?![\\p{Ll}\\d])`,
  'gu',
);
const GLUED_UPPER = /(?<![\p{L}\p{N}])([#$]?)([A-Z0-9]{2,15}?)(USDT|USDC|BUSD|FDUSD|TUSD|USD|BTC|ETH)(?:[-_.]?PERP|\.P)?(?![A-Za-z\d])/gu;
const GLUED_LOWER = /(?<![\p{L}\p{N}])[#$]?([a-z0-9]{2,15}?)(usdt|usdc|busd)(?:[-_.]?perp|\.p)?(?![\p{L}\d])/gu;
// Bittrex and other old exchanges name markets quote first: BTC-NEO, USDT-BTC.
const QUOTE_FIRST = /(?<![\p{L}\p{N}])(BTC|ETH|USDT)-([A-Z0-9]{2,10})(?![\p{L}\d])/gu;
const TAG = /(?<![\p{L}\p{N}])[#$]([A-Za-z][A-Za-z0-9]{1,14})(?![\p{L}\p{N}/])/gu;
const BARE = /(?<![\p{L}\p{N}#$])([A-Za-z][A-Za-z0-9]{1,9})(?![\p{L}\p{N}])/gu;
const QUOTE_SET = new Set(QUOTES.split('|'));
const SIDE_WORDS = new Set([...SIDE_TERMS.BUY, ...SIDE_TERMS.SELL].filter((word) => /^[a-z]+$/.test(word)));

function termPattern(terms: readonly string[]): string {
  return [...terms]
    .sort((a, b) => b.length - a.length)
    .map((term) => term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/[\s-]+/g, '[\\s_-]*'))
    .join('|');
}
const FIELD = new RegExp(
  `(?<![\\p{L}])(?:${termPattern(FIELD_TERMS.symbol)})\\s*[:=\\->]*\\s*[#$]?([A-Za-z0-9]{2,15})(?![\\p{L}\\p{N}/])`,
  'giu',
);

const CASH = new Set(['USDT', 'USDC', 'BUSD', 'FDUSD', 'TUSD', 'USD', 'EUR', 'TRY', 'DAI']);

/**
 * A written pair is trusted unless its base is an exchange or a field word ("BYBIT/USDT" is
 * not a coin); a lone tag or word must not be any known non-coin, nor cash (`#USDT`).
 */
function isCoinWord(base: string, quote: string | null): boolean {
  if (!/[A-Z]/.test(base) || base === quote) return false;
  if (quote !== null) return !NEVER_BASE.has(base);
  return !NOT_COINS.has(base) && !CASH.has(base);
}

/**
 * `best`: the symbols of the best tier, in order of first appearance, without duplicates;
 * `all`: every candidate of any tier (the digits inside them are not prices).
 */
export function findSymbolCandidates(text: string): { best: SymbolCandidate[]; all: SymbolCandidate[] } {
  const found: SymbolCandidate[] = [];
  const add = (candidate: SymbolCandidate) => {
    if (isCoinWord(candidate.base, candidate.quote)) found.push(candidate);
  };

  for (const match of text.matchAll(SEPARATED_PAIR)) {
    add({
      base: match[1]!.toUpperCase(),
      quote: match[2]!.toUpperCase(),
      tier: 1,
      start: match.index,
      end: match.index + match[0].length,
      written: match[0],
    });
  }
  for (const match of text.matchAll(QUOTE_FIRST)) {
    if (QUOTE_SET.has(match[2]!)) continue;
    add({ base: match[2]!, quote: match[1]!, tier: 1, start: match.index, end: match.index + match[0].length, written: match[0] });
  }
  for (const match of text.matchAll(GLUED_UPPER)) {
    const [whole, prefix, base, quote] = match as unknown as [string, string, string, string];
    // XXXETH is too often an ordinary word; only a tag (#XXXETH) makes it a pair.
    if (quote === 'ETH' && prefix === '') continue;
    if (NOT_COINS.has(base + quote) || KNOWN_TICKERS.has(base + quote)) continue;
    add({ base, quote, tier: 1, start: match.index, end: match.index + whole.length, written: whole });
  }
  for (const match of text.matchAll(GLUED_LOWER)) {
    add({
      base: match[1]!.toUpperCase(),
      quote: match[2]!.toUpperCase(),
      tier: 1,
      start: match.index,
      end: match.index + match[0].length,
      written: match[0],
    });
  }
  for (const match of text.matchAll(TAG)) {
    const tag = match[1]!;
    const base = tag.toUpperCase();
    if (tag !== base && !KNOWN_TICKERS.has(base)) continue;
    add({ base, quote: null, tier: 2, start: match.index, end: match.index + match[0].length, written: match[0] });
  }
  for (const match of text.matchAll(FIELD)) {
    const value = match[1]!;
    const base = value.toUpperCase();
    if (value !== base && !KNOWN_TICKERS.has(base)) continue;
    if (/^\d+$/.test(value)) continue;
    const start = match.index + match[0].length - value.length;
    add({ base, quote: null, tier: 2, start, end: start + value.length, written: value });
  }
  for (const match of text.matchAll(BARE)) {
    const word = match[1]!;
    const base = word.toUpperCase();
    if (!KNOWN_TICKERS.has(base) || AMBIGUOUS_TICKERS.has(base)) continue;
    // A ticker in lower case ("long avax") counts only next to a side word.
    if (word !== base && !nextToSideWord(text, match.index, match.index + word.length)) continue;
    add({ base, quote: null, tier: 3, start: match.index, end: match.index + word.length, written: word });
  }
  return { best: bestTier(found), all: found };
}

function nextToSideWord(text: string, start: number, end: number): boolean {
  const before = /([\p{L}]+)\s+$/u.exec(text.slice(Math.max(0, start - 12), start))?.[1];
  const after = /^\s+([\p{L}]+)/u.exec(text.slice(end, end + 12))?.[1];
  return SIDE_WORDS.has(before?.toLowerCase() ?? '') || SIDE_WORDS.has(after?.toLowerCase() ?? '');
}

function bestTier(candidates: SymbolCandidate[]): SymbolCandidate[] {
  if (candidates.length === 0) return [];
  const tier = Math.min(...candidates.map((candidate) => candidate.tier));
  const chosen = candidates
    .filter((candidate) => candidate.tier === tier && !overlapsBetter(candidate, candidates))
    .sort((a, b) => a.start - b.start);
  const seen = new Set<string>();
  const result: SymbolCandidate[] = [];
  for (const candidate of chosen) {
    const key = `${candidate.base}/${candidate.quote ?? ''}`;
    if (seen.has(key) || seen.has(`${candidate.base}/`)) continue;
    seen.add(key);
    result.push(candidate);
  }
  return result;
}

/** A pattern inside a longer one at the same place (`#ETHUSDT` inside `#ETHUSDT.P`) loses. */
function overlapsBetter(candidate: SymbolCandidate, all: SymbolCandidate[]): boolean {
  return all.some(
    (other) =>
      other !== candidate &&
      other.tier <= candidate.tier &&
      other.start <= candidate.start &&
      other.end >= candidate.end &&
      other.end - other.start > candidate.end - candidate.start,
  );
}
