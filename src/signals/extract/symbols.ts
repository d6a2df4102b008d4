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
import { type Word, WordSet } from './words.js';

// Per-character reads go through this constant, not `text.charCodeAt(i)`: see chars.ts.
const charCodeAt = String.prototype.charCodeAt;

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
const LOWER_QUOTES = new WordSet(QUOTES.map((quote) => quote.toLowerCase()));
const CASH = new Set(['USDT', 'USDC', 'BUSD', 'FDUSD', 'TUSD', 'USD', 'EUR', 'TRY', 'DAI']);
const KNOWN_LOWER = new WordSet([...KNOWN_TICKERS].map((ticker) => ticker.toLowerCase()));
// Bittrex and other old exchanges name markets quote first: BTC-NEO, USDT-BTC.
const QUOTE_FIRST = /(?<![\p{L}\p{N}])(BTC|ETH|USDT)-([A-Z0-9]{2,10})(?![\p{L}\d])/gu;
const FIELD_VALUE = /^[ \t]*[:=\->]*[ \t]*[#$]?([A-Za-z0-9]{2,15})(?![\p{L}\p{N}/])/u;
const TAG_BODY = /^[A-Za-z][A-Za-z0-9]{1,14}(?![\p{L}\p{N}/])/u;
const ALNUM = /[A-Za-z0-9]/;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

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
    if (at > 0 && LETTER_OR_DIGIT.test(text[at - 1]!)) continue;
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
    if (!KNOWN_LOWER.has(word)) continue;
    const base = word.lower.toUpperCase();
    if (AMBIGUOUS_TICKERS.has(base)) continue;
    if (/[\p{N}#$]/u.test(text[word.start - 1] ?? '') || /\p{N}/u.test(text[word.end] ?? '')) continue;
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
  while (start > 0 && end - start < max && ALNUM.test(text[start - 1]!)) start -= 1;
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
  if (/[\p{Ll}\d]/u.test(text[end] ?? '') && word.upper) return null;
  end += perpSuffix(text, end);
  let k = word.start;
  if (text[k - 1] === ' ') k -= 1;
  if (!/[/_-]/.test(text[k - 1] ?? '')) return null;
  k -= 1;
  if (text[k - 1] === ' ') k -= 1;
  const baseStart = runStart(text, k, 15);
  if (baseStart === k || (baseStart > 0 && LETTER_OR_DIGIT.test(text[baseStart - 1]!))) return null;
  const start = baseStart > 0 && /[#$]/.test(text[baseStart - 1]!) ? baseStart - 1 : baseStart;
  return {
    base: text.slice(baseStart, k).toUpperCase(),
    quote,
    tier: 1,
    start,
    end,
    written: text.slice(start, end),
  };
}

const GLUED_ENDINGS = ['usd', 'usdt', 'usdc', 'btc', 'eth', 'perp'];

/**
 * Whether a lower-case word ends like a glued pair: `usd`, `usdt`, `usdc`, `btc`, `eth` or
 * `perp`. Compared code by code rather than with `endsWith`, for the reason given in chars.ts.
 */
function hasGluedEnding(lower: string): boolean {
  for (const ending of GLUED_ENDINGS) {
    const offset = lower.length - ending.length;
    let same = offset >= 0;
    for (let k = 0; same && k < ending.length; k += 1)
      same = charCodeAt.call(lower, offset + k) === charCodeAt.call(ending, k);
    if (same) return true;
  }
  return false;
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
  if (written === word.lower && !['USDT', 'USDC', 'BUSD'].includes(quote)) return null;
  const start = runStart(text, word.start, 15 - (body.length - quote.length));
  if (start > 0 && LETTER_OR_DIGIT.test(text[start - 1]!)) return null;
  const base = text.slice(start, word.start).toUpperCase() + body.slice(0, -quote.length);
  if (base.length < 2 || NOT_COINS.has(base + quote) || KNOWN_TICKERS.has(base + quote)) return null;
  const tagged = start > 0 && /[#$]/.test(text[start - 1]!);
  // XXXETH is too often an ordinary word; only a tag (#XXXETH) makes it a pair.
  if (quote === 'ETH' && !tagged) return null;
  let end = word.end + (body === upper ? perpSuffix(text, word.end) : 0);
  if (/[\p{N}]/u.test(text[end] ?? '')) return null;
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
