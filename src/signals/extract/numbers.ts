/**
 * Finding the numbers of one line and reading them the way signal channels write them:
 * thousands separators (`30,025`, `2,201.43`), decimal commas (`1,25`), `k` suffixes (`64.5k`),
 * scientific notation (`2.45e-5`), leading dots (`.310`), and telling prices apart from
 * percentages (`12.5%`), leverage (`10x`, `x20`, `20倍`) and units (`15m`, `1st`, `4h`).
 */
import { isAsciiLetter, isAsciiLower, isDigit, isLetter } from './chars.js';

// Per-character reads go through this constant, not `text.charCodeAt(i)`: see chars.ts.
const charCodeAt = String.prototype.charCodeAt;

/** The code at `at`, or -1 outside the text (see chars.ts). */
function codeAt(text: string, at: number): number {
  return at >= 0 && at < text.length ? charCodeAt.call(text, at) : -1;
}

export type NumberRole = 'price' | 'percent' | 'leverage';

export interface NumberToken {
  start: number;
  end: number;
  value: number;
  /** The digits as written (`.310`, `2180`, `30,025`). */
  raw: string;
  role: NumberRole;
  /** Written without a decimal part (`2180`, not `2180.0`). */
  whole: boolean;
  /** Digits after the decimal separator. */
  decimals: number;
  /** Followed by "sat"/"sats"/"satoshi". */
  sats: boolean;
  /** Directly preceded by a currency sign or followed by a currency code. */
  currency: boolean;
}

const EXPONENT = /^[eE][-+]?\d{1,2}(?!\d)/;
const UNIT_WORDS = new Set([
  'm',
  'h',
  'd',
  'w',
  'min',
  'mins',
  'minute',
  'minutes',
  'hr',
  'hrs',
  'hour',
  'hours',
  'day',
  'days',
  'week',
  'weeks',
  'st',
  'nd',
  'rd',
  'th',
  'bit',
  'mo',
  'month',
  'months',
  'y',
  'yr',
  'years',
  'b',
  'bn',
  'mln',
  'mil',
  'million',
  'billion',
  'sec',
  's',
  'ms',
  'pm',
  'am',
  'gb',
  'mb',
  'kb',
  'tb',
  'kg',
  'km',
]);
const CURRENCY_WORDS = new Set(['usdt', 'usd', 'usdc', 'busd', 'btc', 'eth', 'dollars', 'dollar']);
const TIME_OR_DATE = /\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:utc|gmt|am|pm|msk|мск|\])|\b\d{4}-\d{2}-\d{2}\b/giu;

/**
 * Read one number as written. Returns null for text that only looks numeric (dates such as
 * `03.06.19`), and several values for a comma list written without spaces (`22,25,27`).
 */
export function readNumber(raw: string): { values: number[]; decimals: number; whole: boolean } | null {
  // Fast path: plain digits with at most one dot.
  const comma = raw.indexOf(',');
  const dot = raw.indexOf('.');
  if (comma === -1 && (dot === -1 || raw.indexOf('.', dot + 1) === -1) && !/[eE]/.test(raw)) {
    return { values: [Number(raw)], decimals: dot === -1 ? 0 : raw.length - dot - 1, whole: dot === -1 };
  }
  let text = raw;
  let exponent = '';
  const e = /e[-+]?\d+$/i.exec(text);
  if (e) {
    exponent = e[0];
    text = text.slice(0, e.index);
  }
  const commas = text.split(',').length - 1;
  const dots = text.split('.').length - 1;
  if (commas > 0 && dots > 0) {
    // The separator used last is the decimal one: 2,201.43 or 1.234,56.
    const decimalIsDot = text.lastIndexOf('.') > text.lastIndexOf(',');
    const normalized = decimalIsDot ? text.replace(/,/g, '') : text.replace(/\./g, '').replace(',', '.');
    const decimals = normalized.includes('.') ? normalized.length - normalized.indexOf('.') - 1 : 0;
    return { values: [Number(normalized + exponent)], decimals, whole: false };
  }
  if (dots > 1) return null;
  if (commas === 0) {
    const decimals = dots === 1 ? text.length - text.indexOf('.') - 1 : 0;
    return { values: [Number(text + exponent)], decimals, whole: dots === 0 };
  }
  const groups = text.split(',');
  const head = groups[0]!;
  const tail = groups.slice(1);
  const thousands = /^[1-9]\d{0,2}$/.test(head) && tail.every((group) => group.length === 3);
  if (thousands) return { values: [Number(groups.join('') + exponent)], decimals: 0, whole: true };
  if (groups.length === 2 && head !== '' && tail[0] !== '') {
    return { values: [Number(`${head}.${tail[0]}${exponent}`)], decimals: tail[0]!.length, whole: false };
  }
  // 22,25,27,30: a list written without spaces.
  if (groups.every((group) => group !== '')) return { values: groups.map(Number), decimals: 0, whole: true };
  return null;
}

// Risk-reward ratios ("R:R 1:3", "(1:2)") are no prices.
const RISK_REWARD =
  /(?:\b(?:r ?[:/] ?r|rr|risk ?(?:\/|to|:)? ?reward|reward|ratio) ?[:=-]? ?|\( ?)1 ?[:/] ?\d{1,2}(?:[.,]\d+)?(?: ?\))?/gi;

function digitAt(text: string, at: number): boolean {
  return isDigit(codeAt(text, at));
}

/** Whether the text holds `\d:\d\d` or `\d{4}-\d\d-`: cheap position checks at each `:` and `-` instead of a regex scan. */
function mayHoldTimeOrDate(text: string): boolean {
  for (let at = text.indexOf(':'); at !== -1; at = text.indexOf(':', at + 1))
    if (digitAt(text, at - 1) && digitAt(text, at + 1) && digitAt(text, at + 2)) return true;
  for (let at = text.indexOf('-'); at !== -1; at = text.indexOf('-', at + 1)) {
    if (codeAt(text, at + 3) !== 45 || !digitAt(text, at + 1) || !digitAt(text, at + 2)) continue;
    if (digitAt(text, at - 1) && digitAt(text, at - 2) && digitAt(text, at - 3) && digitAt(text, at - 4))
      return true;
  }
  return false;
}

/** Whether the text holds `1 ?[:/] ?\d`, the core of a risk-reward ratio, checked at each `:` and `/`. */
function mayHoldRatio(text: string): boolean {
  for (const separator of [':', '/']) {
    for (let at = text.indexOf(separator); at !== -1; at = text.indexOf(separator, at + 1)) {
      const one = codeAt(text, at - 1) === 49 || (codeAt(text, at - 1) === 32 && codeAt(text, at - 2) === 49);
      if (one && (digitAt(text, at + 1) || (codeAt(text, at + 1) === 32 && digitAt(text, at + 2))))
        return true;
    }
  }
  return false;
}

function maskTimesAndDates(line: string): string {
  let text = line;
  if (mayHoldTimeOrDate(text)) text = text.replace(TIME_OR_DATE, (match) => ' '.repeat(match.length));
  if (mayHoldRatio(text)) text = text.replace(RISK_REWARD, (match) => ' '.repeat(match.length));
  return text;
}

const PERCENT_RANGE = /^-\d+(?:[.,]\d+)?\s?%/;
const LEVERAGE_AFTER = /^[xX×](?![a-z\d])|^ [xX×](?![\p{L}\d])|^倍/u;
const LEVERAGE_RANGE = /^ *- *\d+(?:\.\d+)? ?[xX×](?![a-z\d])/;
const SATS_AFTER = /^ ?(?:sats?\b|satoshi)/i;

interface Suffix {
  role: NumberRole;
  multiplier: number;
  sats: boolean;
  currency: boolean;
  /** Not a number of the message at all (a unit: 15m, 1st, 4H). */
  skip: boolean;
}

/** What follows a number decides its role; most numbers are followed by a space or a separator. */
function readSuffix(text: string, end: number, suffix: Suffix): void {
  suffix.role = 'price';
  suffix.multiplier = 1;
  suffix.sats = false;
  suffix.currency = false;
  suffix.skip = false;
  const next = codeAt(text, end);
  // End of text, newline, `,`, `/`, `|` or `)`.
  if (next === -1 || next === 10 || next === 44 || next === 47 || next === 124 || next === 41) return;
  if (next === 32) {
    // Most numbers are followed by a space and then the next number or word: check the few
    // patterns that start with a space only when their second character is there.
    const second = codeAt(text, end + 1);
    if (second === 37) suffix.role = 'percent';
    else if (second === 120 || second === 88 || second === 215) {
      if (LEVERAGE_AFTER.test(text.slice(end, end + 4))) suffix.role = 'leverage';
    } else if (second === 45 || second === 32) {
      if (LEVERAGE_RANGE.test(text.slice(end, end + 12))) suffix.role = 'leverage'; // the low end of 5 - 10x
    } else if (second === 115 || second === 83) {
      if (SATS_AFTER.test(text.slice(end, end + 10))) suffix.sats = true;
    }
    return;
  }
  // Only the rarer suffixes below need the text after the number as a string.
  if (next === 37) {
    suffix.role = 'percent';
  } else if (next === 45) {
    // The low end of a range such as 5-10% or 5-10x (a spaced "0.0013 - 12.5%" is a price and its share).
    const after = text.slice(end, end + 12);
    if (PERCENT_RANGE.test(after)) suffix.role = 'percent';
    else if (LEVERAGE_RANGE.test(after)) suffix.role = 'leverage';
  } else if (
    (next === 120 || next === 88 || next === 215 || next === 0x500d) &&
    LEVERAGE_AFTER.test(text.slice(end, end + 12))
  ) {
    // x, X, × or 倍 after the number.
    suffix.role = 'leverage';
  } else if ((next === 107 || next === 75) && !isAsciiLetter(codeAt(text, end + 1))) {
    suffix.multiplier = 1000;
  } else if (isAsciiLetter(next)) {
    let wordEnd = end + 1;
    while (wordEnd < end + 12 && isAsciiLetter(codeAt(text, wordEnd))) wordEnd += 1;
    const word = text.slice(end, wordEnd);
    const lower = word.toLowerCase();
    if (lower.startsWith('sat')) suffix.sats = true;
    else if (CURRENCY_WORDS.has(lower)) suffix.currency = true;
    else if (UNIT_WORDS.has(lower) || isAsciiLower(next)) suffix.skip = true;
    // An upper-case word glued to a number is the next field of a message whose line
    // breaks were lost ("0.36Targets"), unless it is a unit such as 4H or 15M.
    else if (word.length === 1 && /[MHDWBT]/.test(word)) suffix.skip = true;
  }
}

const POWERS_OF_TEN = Array.from({ length: 23 }, (_, exponent) => 10 ** exponent);

/**
 * The value of plain digits with at most one dot, as `Number(raw)` reads it. Up to 15 digits the
 * integer is exact, and so is 10^decimals up to 10^22: one division of two exact values is then
 * correctly rounded, the same double that parsing the text gives (Clinger's fast path), without
 * the cost of parsing a string.
 */
function plainValue(raw: string, mantissa: number, digits: number, decimals: number): number {
  if (digits > 15) return Number(raw);
  return decimals === 0 ? mantissa : mantissa / POWERS_OF_TEN[decimals]!;
}

/**
 * Every number of a text, in order, with its role. A number is a run of digits with inner
 * separators (`30,025`, `0.00123`, `.5`, `2.45e-5`); digits glued to a letter, `_` or `#` belong
 * to a word (`H4`, `TP1`, `#0980`) and are skipped. One pass over the characters.
 */
export function scanNumbers(line: string): NumberToken[] {
  const tokens: NumberToken[] = [];
  const text = maskTimesAndDates(line);
  const length = text.length;
  const suffix: Suffix = { role: 'price', multiplier: 1, sats: false, currency: false, skip: false };
  let i = 0;
  while (i < length) {
    const code = charCodeAt.call(text, i);
    const leadingDot = code === 46 && isDigit(codeAt(text, i + 1));
    if (!isDigit(code) && !leadingDot) {
      i += 1;
      continue;
    }
    const start = i;
    let end = leadingDot ? i + 1 : i;
    let dots = leadingDot ? 1 : 0;
    let commas = 0;
    // The digits as an integer and the count after the dot: the value of a plain number.
    let mantissa = 0;
    let digits = 0;
    let decimals = 0;
    while (end < length) {
      const c = charCodeAt.call(text, end);
      if (isDigit(c)) {
        mantissa = mantissa * 10 + (c - 48);
        digits += 1;
        if (dots > 0) decimals += 1;
        end += 1;
      } else if ((c === 46 || c === 44) && isDigit(codeAt(text, end + 1))) {
        if (c === 46) dots += 1;
        else commas += 1;
        end += 1;
      } else break;
    }
    i = end;
    const previous = start > 0 ? charCodeAt.call(text, start - 1) : 32;
    if (isDigit(previous) || previous === 95 || previous === 35 || isLetter(previous)) {
      const leverage = gluedLeverage(text, start, end, dots, commas);
      if (leverage) tokens.push(leverage);
      continue;
    }
    let plain = commas === 0 && dots <= 1;
    if (codeAt(text, end) === 101 || codeAt(text, end) === 69) {
      const exponent = EXPONENT.exec(text.slice(end, end + 5));
      if (exponent) {
        end += exponent[0].length;
        plain = false;
      }
      i = end;
    }
    const raw = text.slice(start, end);
    readSuffix(text, end, suffix);
    if (suffix.skip) continue;
    const { role, multiplier, sats } = suffix;
    const tokenEnd = end + (multiplier === 1000 ? 1 : 0);
    const currency =
      suffix.currency ||
      codeAt(text, start - 1) === 36 ||
      (codeAt(text, start - 1) === 32 && codeAt(text, start - 2) === 36);
    if (plain) {
      // Plain digits, or digits with one decimal dot: the common case, read directly.
      const value = plainValue(raw, mantissa, digits, decimals) * multiplier;
      if (Number.isFinite(value)) {
        tokens.push({
          start,
          end: tokenEnd,
          value,
          raw,
          role,
          whole: dots === 0 && multiplier === 1,
          decimals,
          sats,
          currency,
        });
      }
      continue;
    }
    const read = readNumber(raw);
    if (!read) continue;
    for (const value of read.values) {
      if (!Number.isFinite(value)) continue;
      tokens.push({
        start,
        end: tokenEnd,
        value: value * multiplier,
        raw,
        role,
        whole: read.whole && multiplier === 1,
        decimals: read.decimals,
        sats,
        currency,
      });
    }
  }
  return joinSpacedThousands(text, tokens);
}

/**
 * `64 500` is one number when the second group cannot be the next item of a list: it starts
 * with 0 (`66 000`) or is far larger than the first (`64 500`); `100 200 300` stays three prices.
 */
function joinSpacedThousands(text: string, tokens: NumberToken[]): NumberToken[] {
  const joined: NumberToken[] = [];
  for (const token of tokens) {
    const previous = joined[joined.length - 1];
    if (
      previous &&
      token.start - previous.end === 1 &&
      /^\d{3}(?:[.,]\d+)?$/.test(token.raw) &&
      previous.role === 'price' &&
      codeAt(text, previous.end) === 32 &&
      (/^\d{1,3}$/.test(previous.raw) || /^\d{1,3}(?: \d{3})+$/.test(previous.raw)) &&
      (token.raw.startsWith('0') || token.value / previous.value > 5 || previous.raw.includes(' '))
    ) {
      const raw = `${previous.raw} ${token.raw}`;
      joined[joined.length - 1] = {
        ...token,
        start: previous.start,
        raw,
        value: Number(raw.replace(/ /g, '').replace(',', '.')),
      };
      continue;
    }
    joined.push(token);
  }
  return joined;
}

const X_CODES = new Set([120, 88, 215]); // x X ×

/**
 * Leverage glued to a word, which is otherwise no number: `x10`/`X20` (the x written before)
 * and `Cross20X` (a word before the number).
 */
function gluedLeverage(
  text: string,
  start: number,
  end: number,
  dots: number,
  commas: number,
): NumberToken | null {
  const previous = charCodeAt.call(text, start - 1);
  const beforePrevious = start > 1 ? charCodeAt.call(text, start - 2) : 32;
  const next = codeAt(text, end);
  if (
    X_CODES.has(previous) &&
    !isLetter(beforePrevious) &&
    !isDigit(beforePrevious) &&
    dots + commas === 0 &&
    end - start <= 3
  ) {
    const raw = text.slice(start, end);
    return {
      start: start - 1,
      end,
      value: Number(raw),
      raw,
      role: 'leverage',
      whole: true,
      decimals: 0,
      sats: false,
      currency: false,
    };
  }
  if (
    isAsciiLetter(previous) &&
    (next === 120 || next === 88) &&
    commas === 0 &&
    dots <= 1 &&
    !isAsciiLower(codeAt(text, end + 1)) &&
    !isDigit(codeAt(text, end + 1))
  ) {
    const raw = text.slice(start, end);
    const value = Number(raw);
    if (value >= 1 && value <= 999)
      return {
        start,
        end: end + 1,
        value,
        raw,
        role: 'leverage',
        whole: dots === 0,
        decimals: 0,
        sats: false,
        currency: false,
      };
  }
  return null;
}
