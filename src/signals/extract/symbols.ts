/**
 * Finding the traded symbols of a message. Candidates come in tiers of decreasing certainty:
 * 1. a written pair (`BTC/USDT`, `btc-usdt`, `SOL /USDT`, `BTCUSDT`, `SUSHIUSDTPERP`, `BTC-NEO`);
 * 2. a hashtag or cashtag (`#MDX`, `$PEPE`) or a field (`Coin: FET`);
 * 3. a well-known ticker written bare in capitals (`BTC long 65000`).
 * The message's symbols are those of the best tier present, in order of appearance, so that a
 * mention further down ("#GMT already broke down") does not add a second symbol.
 */
import type { LabelMatch } from './fields.js';
import { isSideWord } from './fields.js';
import { AMBIGUOUS_TICKERS, KNOWN_TICKERS, NEVER_BASE, NOT_COINS } from './lexicon.js';
import { cachedCharTest, isAsciiLetter, isDigit, isLetterOrNumber } from './chars.js';
import { type Word, WordSet } from './words.js';

// Per-character reads go through this constant, not `text.charCodeAt(i)`: see chars.ts.
const charCodeAt = String.prototype.charCodeAt;

/** The code at `at`, or -1 outside the text (see chars.ts). */
function codeAt(text: string, at: number): number {
  return at >= 0 && at < text.length ? charCodeAt.call(text, at) : -1;
}

const isNumberCode = cachedCharTest(/\p{N}/u);
const isLowerOrDigit = cachedCharTest(/[\p{Ll}\d]/u);

function isAsciiAlnum(code: number): boolean {
  return isAsciiLetter(code) || isDigit(code);
}

/** `#` or `$` before a tag or a pair. */
function isTagSign(code: number): boolean {
  return code === 35 || code === 36;
}

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

const QUOTES = ['USDT', 'USDC', 'BUSD', 'FDUSD', 'TUSD', 'USD', 'BTC', 'ETH', 'BNB', 'EUR', 'TRY', 'DAI'];
const QUOTE_SET = new Set(QUOTES);
/** Quotes recognised at the end of a glued pair (`BTCUSDT`); longest first. */
const GLUED_QUOTES = ['FDUSD', 'USDT', 'USDC', 'BUSD', 'TUSD', 'USD', 'BTC', 'ETH'];
/** The quotes a lower-case glued pair may end with. */
const STABLE_QUOTES: ReadonlySet<string> = new Set(['USDT', 'USDC', 'BUSD']);
const LOWER_QUOTES = new WordSet(QUOTES.map((quote) => quote.toLowerCase()));
const CASH = new Set(['USDT', 'USDC', 'BUSD', 'FDUSD', 'TUSD', 'USD', 'EUR', 'TRY', 'DAI']);
const KNOWN_LOWER = new WordSet([...KNOWN_TICKERS].map((ticker) => ticker.toLowerCase()));
const AMBIGUOUS_LOWER = new WordSet([...AMBIGUOUS_TICKERS].map((ticker) => ticker.toLowerCase()));
// Bittrex and other old exchanges name markets quote first: BTC-NEO, USDT-BTC.
const QUOTE_FIRST = /(?<![\p{L}\p{N}])(BTC|ETH|USDT)-([A-Z0-9]{2,10})(?![\p{L}\d])/gu;
const FIELD_VALUE = /^[ \t]*[:=\->]*[ \t]*[#$]?([A-Za-z0-9]{2,15})(?![\p{L}\p{N}/])/u;
const TAG_BODY = /^[A-Za-z][A-Za-z0-9]{1,14}(?![\p{L}\p{N}/])/u;

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
 * `text`: the message (mentions blanked; URLs kept, they may name a market); `words` and
 * `labels`: its words and field labels outside URLs.
 * Returns `best`: the symbols of the best tier, in order, without duplicates; `all`: every
 * candidate of any tier (the digits inside them are not prices).
 */
export function findSymbolCandidates(
  text: string,
  words: readonly Word[],
  labels: readonly LabelMatch[],
): { best: SymbolCandidate[]; all: SymbolCandidate[] } {
  const found: SymbolCandidate[] = [];
  const add = (candidate: SymbolCandidate) => {
    if (isCoinWord(candidate.base, candidate.quote)) found.push(candidate);
  };
  const quoteFirst = mayHoldQuoteFirst(text) ? [...text.matchAll(QUOTE_FIRST)] : [];
  for (const match of quoteFirst) {
    if (!QUOTE_SET.has(match[2]!)) {
      add({
        base: match[2]!,
        quote: match[1]!,
        tier: 1,
        start: match.index,
        end: match.index + match[0].length,
        written: match[0],
      });
    }
  }
  for (const word of words) {
    const separated = separatedPair(text, word);
    if (separated) {
      add(separated);
      continue;
    }
    const glued = gluedPair(text, word);
    if (glued) add(glued);
  }
  for (let at = nextTagSign(text, 0); at !== -1 && at < text.length; at = nextTagSign(text, at + 1)) {
    if (isLetterOrNumber(codeAt(text, at - 1))) continue;
    const body = TAG_BODY.exec(text.slice(at + 1, at + 17));
    if (!body) continue;
    const tag = body[0];
    const base = tag.toUpperCase();
    if (tag !== base && !KNOWN_TICKERS.has(base)) continue;
    if (found.some((candidate) => candidate.tier === 1 && candidate.start <= at && candidate.end > at))
      continue;
    add({
      base,
      quote: null,
      tier: 2,
      start: at,
      end: at + 1 + tag.length,
      written: text.slice(at, at + 1 + tag.length),
    });
  }
  for (const label of labels) {
    if (label.kind !== 'symbol') continue;
    const value = FIELD_VALUE.exec(text.slice(label.end, label.end + 40));
    if (!value) continue;
    const written = value[1]!;
    const base = written.toUpperCase();
    if ((written !== base && !KNOWN_TICKERS.has(base)) || /^\d+$/.test(written)) continue;
    const start = label.end + value[0].length - written.length;
    add({ base, quote: null, tier: 2, start, end: start + written.length, written });
  }
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i]!;
    const length = word.end - word.start;
    if (length < 2 || length > 10) continue;
    if (!KNOWN_LOWER.has(word) || AMBIGUOUS_LOWER.has(word)) continue;
    const before = codeAt(text, word.start - 1);
    if (before === 35 || before === 36 || isNumberCode(before) || isNumberCode(codeAt(text, word.end)))
      continue;
    const base = word.lower.toUpperCase();
    // A ticker in lower case ("long avax") counts only next to a side word.
    if (!word.upper && !isSideWord(words[i - 1]?.lower ?? '') && !isSideWord(words[i + 1]?.lower ?? ''))
      continue;
    add({
      base,
      quote: null,
      tier: 3,
      start: word.start,
      end: word.end,
      written: text.slice(word.start, word.end),
    });
  }
  return { best: bestTier(found), all: found };
}

/** `QUOTE_FIRST` needs one of these; looking for them is far cheaper than running it. */
function mayHoldQuoteFirst(text: string): boolean {
  return text.includes('BTC-') || text.includes('ETH-') || text.includes('USDT-');
}

function nextTagSign(text: string, from: number): number {
  const hash = text.indexOf('#', from);
  const dollar = text.indexOf('$', from);
  return hash === -1 ? dollar : dollar === -1 ? hash : Math.min(hash, dollar);
}

/** Start of the alphanumeric run that ends at `end` (a base may hold digits: 1INCH, 1000FLOKI). */
function runStart(text: string, end: number, max: number): number {
  let start = end;
  while (start > 0 && end - start < max && isAsciiAlnum(charCodeAt.call(text, start - 1))) start -= 1;
  return start;
}

/** Perpetual suffixes after a quote: `PERP`, `-PERP`, `.P`. */
function perpSuffix(text: string, at: number): number {
  const rest = text.slice(at, at + 5);
  const match = /^(?:[-_.]?perp|\.p)(?![a-z\d])/i.exec(rest);
  return match ? match[0].length : 0;
}

/** `BTC/USDT`, `btc-usdt`, `SOL /USDT`, `FHE/ USDT`: `word` is the quote. */
function separatedPair(text: string, word: Word): SymbolCandidate | null {
  if (!LOWER_QUOTES.has(word)) return null;
  const quote = word.lower.toUpperCase();
  let end = word.end;
  if (word.upper && isLowerOrDigit(codeAt(text, end))) return null;
  end += perpSuffix(text, end);
  let k = word.start;
  if (codeAt(text, k - 1) === 32) k -= 1;
  const separator = codeAt(text, k - 1);
  // `/`, `_` or `-` between base and quote.
  if (separator !== 47 && separator !== 95 && separator !== 45) return null;
  k -= 1;
  if (codeAt(text, k - 1) === 32) k -= 1;
  const baseStart = runStart(text, k, 15);
  if (baseStart === k || isLetterOrNumber(codeAt(text, baseStart - 1))) return null;
  const start = isTagSign(codeAt(text, baseStart - 1)) ? baseStart - 1 : baseStart;
  return {
    base: text.slice(baseStart, k).toUpperCase(),
    quote,
    tier: 1,
    start,
    end,
    written: text.slice(start, end),
  };
}

/**
 * Whether a lower-case word ends like a glued pair: `usd`, `usdt`, `usdc`, `btc`, `eth` or
 * `perp`. Compared code by code rather than with `endsWith`, for the reason given in chars.ts;
 * this runs for every word of five letters or more, and most end in none of d, t, c, h and p.
 */
function hasGluedEnding(lower: string): boolean {
  switch (charCodeAt.call(lower, lower.length - 1)) {
    case 100: // d
      return endsWithCodes(lower, 'usd');
    case 116: // t
      return endsWithCodes(lower, 'usdt');
    case 99: // c
      return endsWithCodes(lower, 'usdc') || endsWithCodes(lower, 'btc');
    case 104: // h
      return endsWithCodes(lower, 'eth');
    case 112: // p
      return endsWithCodes(lower, 'perp');
    default:
      return false;
  }
}

function endsWithCodes(text: string, ending: string): boolean {
  const offset = text.length - ending.length;
  if (offset < 0) return false;
  for (let k = 0; k < ending.length; k += 1)
    if (charCodeAt.call(text, offset + k) !== charCodeAt.call(ending, k)) return false;
  return true;
}

/** `BTCUSDT`, `#ETHUSDT.P`, `SUSHIUSDTPERP`, `btcusdt`: a word ending with a quote. */
function gluedPair(text: string, word: Word): SymbolCandidate | null {
  if (word.end - word.start < 5 || !hasGluedEnding(word.lower)) return null;
  const written = text.slice(word.start, word.end);
  const upper = written.toUpperCase();
  if (written !== upper && written !== word.lower) return null;
  const body = upper.endsWith('PERP') && upper.length > 6 ? upper.slice(0, -4) : upper;
  const quote = GLUED_QUOTES.find((candidate) => body.endsWith(candidate) && body.length > candidate.length);
  if (!quote) return null;
  // Lower-case glued pairs only with the stablecoin quotes ("btcusdt", not "bitcoin... eth").
  if (written === word.lower && !STABLE_QUOTES.has(quote)) return null;
  const start = runStart(text, word.start, 15 - (body.length - quote.length));
  if (isLetterOrNumber(codeAt(text, start - 1))) return null;
  const base = text.slice(start, word.start).toUpperCase() + body.slice(0, -quote.length);
  if (base.length < 2 || NOT_COINS.has(base + quote) || KNOWN_TICKERS.has(base + quote)) return null;
  const tagged = isTagSign(codeAt(text, start - 1));
  // XXXETH is too often an ordinary word; only a tag (#XXXETH) makes it a pair.
  if (quote === 'ETH' && !tagged) return null;
  let end = word.end + (body === upper ? perpSuffix(text, word.end) : 0);
  if (isNumberCode(codeAt(text, end))) return null;
  const from = tagged ? start - 1 : start;
  end = Math.max(end, word.end);
  return { base, quote, tier: 1, start: from, end, written: text.slice(from, end) };
}

function bestTier(candidates: SymbolCandidate[]): SymbolCandidate[] {
  if (candidates.length === 0) return [];
  let tier = 3;
  for (const candidate of candidates) tier = Math.min(tier, candidate.tier);
  const chosen = candidates
    .filter((candidate) => candidate.tier === tier && !overlapsBetter(candidate, candidates))
    .sort((a, b) => a.start - b.start);
  const result: SymbolCandidate[] = [];
  for (const candidate of chosen) {
    // A base seen with the same quote, or seen without a quote, is a repeat.
    const repeat = result.some(
      (kept) => kept.base === candidate.base && (kept.quote === candidate.quote || kept.quote === null),
    );
    if (!repeat) result.push(candidate);
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
