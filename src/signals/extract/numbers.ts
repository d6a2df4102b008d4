/**
 * Finding the numbers of one line and reading them the way signal channels write them:
 * thousands separators (`30,025`, `2,201.43`), decimal commas (`1,25`), `k` suffixes (`64.5k`),
 * scientific notation (`2.45e-5`), leading dots (`.310`), and telling prices apart from
 * percentages (`12.5%`), leverage (`10x`, `x20`, `20倍`) and units (`15m`, `1st`, `4h`).
 */

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

// A run of digits with inner separators; `.5` is allowed. Letters, digits or `#` just before mean
// the digits belong to a word (`H4`, `TP1`, `#0980`).
const NUMBER = /(?<![\p{L}\p{N}_#])(?<!\d[.,])(?:\d[\d.,]*\d|\d|\.\d+)(?:e[-+]?\d{1,2}(?!\d))?/giu;
const UNIT_WORDS = new Set([
  'm', 'h', 'd', 'w', 'min', 'mins', 'minute', 'minutes', 'hr', 'hrs', 'hour', 'hours', 'day', 'days', 'week', 'weeks',
  'st', 'nd', 'rd', 'th', 'bit', 'mo', 'month', 'months', 'y', 'yr', 'years', 'b', 'bn', 'mln', 'mil', 'million',
  'billion', 'sec', 's', 'ms', 'pm', 'am', 'gb', 'mb', 'kb', 'tb', 'kg', 'km',
]);
const CURRENCY_WORDS = new Set(['usdt', 'usd', 'usdc', 'busd', 'btc', 'eth', 'dollars', 'dollar']);
const LETTERS = /^[A-Za-z]+/;
const TIME_OR_DATE = /\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:utc|gmt|am|pm|msk|мск|\])|\b\d{4}-\d{2}-\d{2}\b/giu;

/**
 * Read one number as written. Returns null for text that only looks numeric (dates such as
 * `03.06.19`), and several values for a comma list written without spaces (`22,25,27`).
 */
export function readNumber(raw: string): { values: number[]; decimals: number; whole: boolean } | null {
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

function maskTimesAndDates(line: string): string {
  return line.replace(TIME_OR_DATE, (match) => ' '.repeat(match.length));
}

/** Every number of a line, in order, with its role. */
export function scanNumbers(line: string): NumberToken[] {
  const tokens: NumberToken[] = [];
  const text = /[:-]/.test(line) ? maskTimesAndDates(line) : line;
  for (const match of text.matchAll(NUMBER)) {
    const raw = match[0];
    const start = match.index;
    let end = start + raw.length;
    const read = readNumber(raw);
    if (!read) continue;
    let role: NumberRole = 'price';
    let multiplier = 1;
    let sats = false;
    let currency = text[start - 1] === '$' || (text[start - 1] === ' ' && text[start - 2] === '$');
    const after = text.slice(end, end + 12);
    if (/^\s?%/.test(after)) {
      role = 'percent';
    } else if (/^-\d+(?:[.,]\d+)?\s?%/.test(after)) {
      role = 'percent'; // the low end of a range such as 5-10% (a spaced "0.0013 - 12.5%" is a price and its share)
    } else if (/^[xX×](?![a-z\d])|^\s[xX×](?![\p{L}\d])|^倍/u.test(after)) {
      role = 'leverage';
    } else if (/^\s*-\s*\d+(?:\.\d+)?\s?[xX×](?![a-z\d])/.test(after)) {
      role = 'leverage'; // the low end of 5-10x
    } else if (/^[kK](?![A-Za-z])/.test(after)) {
      multiplier = 1000;
      end += 1;
    } else {
      const word = LETTERS.exec(after)?.[0];
      if (word) {
        const lower = word.toLowerCase();
        if (lower.startsWith('sat')) sats = true;
        else if (CURRENCY_WORDS.has(lower)) currency = true;
        else if (UNIT_WORDS.has(lower) || word[0] === word[0]!.toLowerCase()) continue;
        // An upper-case word glued to a number is the next field of a message whose line
        // breaks were lost ("0.36Targets"), unless it is a unit such as 4H or 15M.
        else if (word.length === 1 && /[MHDWBT]/.test(word)) continue;
      }
    }
    if (/^\s?sats?\b|^\s?satoshi/i.test(after)) sats = true;
    for (const value of read.values) {
      if (!Number.isFinite(value)) continue;
      tokens.push({
        start,
        end,
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
    const thousandsGroup = /^\d{3}(?:[.,]\d+)?$/.test(token.raw);
    if (
      previous &&
      previous.role === 'price' &&
      thousandsGroup &&
      text.slice(previous.end, token.start) === ' ' &&
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

/** `x10`, `X20` (leverage written before the number). */
export function scanPrefixedLeverage(line: string): { start: number; end: number; value: number }[] {
  const found: { start: number; end: number; value: number }[] = [];
  for (const match of line.matchAll(/(?<![\p{L}\d])[xX×]\s?(\d{1,3})(?![\d.,])/gu)) {
    found.push({ start: match.index, end: match.index + match[0].length, value: Number(match[1]) });
  }
  return found;
}

/** Leverage glued to a word (`Cross20X`), which the number scanner leaves alone. */
export function scanGluedLeverage(line: string): { start: number; end: number; value: number }[] {
  const found: { start: number; end: number; value: number }[] = [];
  for (const match of line.matchAll(/(?<=[A-Za-z(])(\d{1,3}(?:\.\d+)?)[xX](?![a-z\d])/g)) {
    found.push({ start: match.index, end: match.index + match[0].length, value: Number(match[1]) });
  }
  return found;
}
