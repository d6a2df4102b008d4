/**
 * Words and phrase lookup. A message is split once into words (runs of letters; a capitalised
 * word glued to the previous one starts a new word, so "LONGLeverage" is LONG + Leverage, and so
 * does a change between Han and other letters, so "BTC做多" is BTC + 做多); a
 * `Lexicon` then finds its terms by hash lookup of one to a few consecutive words. This replaces
 * large case-insensitive regex alternations, which cost hundreds of microseconds per message.
 */
import {
  FNV_OFFSET,
  FNV_PRIME,
  HAN,
  LETTER,
  classOf,
  fnv1a,
  isAsciiLetter,
  isAsciiLower,
  isAsciiUpper,
  isLowerCase,
  isUpperCase,
} from './chars.js';

// Per-character reads go through this constant, not `text.charCodeAt(i)`: see chars.ts.
const charCodeAt = String.prototype.charCodeAt;

export interface Word {
  start: number;
  end: number;
  /** Lower case. */
  lower: string;
  /** Whether the word is written in capitals only (`BTC`, `LONG`). */
  upper: boolean;
  /** Han characters (no spaces between words). */
  han: boolean;
  /** Only spaces, `-`, `_` or nothing separate it from the next word: they may form one term. */
  joinsNext: boolean;
  /**
   * The lexicons with a term that starts with this word, one bit each. Set while splitting for
   * ASCII words up to MAX_TABLED_LENGTH letters; -1 for others until first looked up.
   */
  lexicons: number;
  /** The number of this word among the first words of all lexicons (-1: none, or not looked up yet). */
  id: number;
}

export interface LexiconMatch<V> {
  start: number;
  end: number;
  value: V;
  /** The matched text as written. */
  text: string;
  /** Index of the first and one past the last word of the match. */
  firstWord: number;
  endWord: number;
}

const HAN_TERM = /[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]/;
// Between the words of one term: spaces, `-`, `_`, an apostrophe, or nothing (camel case).
function isJoiner(code: number): boolean {
  return code === 32 || code === 9 || code === 95 || code === 39 || code === 0x2019 || code === 45;
}

function isLetterKind(kind: number): boolean {
  return kind === LETTER || kind === HAN;
}

/** Every word of `text`, in order, with its offsets. */
export function splitWords(text: string): Word[] {
  const words: Word[] = [];
  const length = text.length;
  let i = 0;
  while (i < length) {
    const code = charCodeAt.call(text, i);
    if (!isAsciiLetter(code) && (code < 128 || !isLetterKind(classOf(code)))) {
      i += 1;
      continue;
    }
    const runStart = i;
    let pieceStart = i;
    i += 1;
    while (i < length) {
      const current = charCodeAt.call(text, i);
      const previous = charCodeAt.call(text, i - 1);
      let scriptChange = false;
      if (!isAsciiLetter(current)) {
        if (current < 128) break;
        const currentKind = classOf(current);
        if (!isLetterKind(currentKind)) break;
        // "BTC做多": Han and other letters glued together are separate words.
        scriptChange = (currentKind === HAN) !== (previous >= 128 && classOf(previous) === HAN);
      } else if (previous >= 128) {
        scriptChange = classOf(previous) === HAN;
      }
      const lowerToUpper = isAsciiLower(previous) && isAsciiUpper(current);
      const acronymToWord =
        isAsciiUpper(previous) &&
        isAsciiUpper(current) &&
        i + 1 < length &&
        isAsciiLower(charCodeAt.call(text, i + 1));
      if ((lowerToUpper || acronymToWord || scriptChange) && i > runStart) {
        words.push(makeWord(text, pieceStart, i));
        pieceStart = i;
      }
      i += 1;
    }
    words.push(makeWord(text, pieceStart, i));
  }
  for (let k = 0; k + 1 < words.length; k += 1) {
    const from = words[k]!.end;
    const to = words[k + 1]!.start;
    let joins = to - from <= 3;
    for (let at = from; joins && at < to; at += 1) joins = isJoiner(charCodeAt.call(text, at));
    words[k]!.joinsNext = joins;
  }
  return words;
}

// The lower-case words of recent messages by a hash of their characters: the same words recur
// message after message (BTC, USDT, Entry, TP), and reusing one string spares two allocations
// per word and lets every later lookup of it use the string's cached hash.
const RECENT_SLOTS = 4096;
/** Longest word kept in the recent-words cache and in the known-word table. */
const MAX_TABLED_LENGTH = 24;
const recentLower = new Array<string>(RECENT_SLOTS).fill('');

function makeWord(text: string, start: number, end: number): Word {
  let hasLower = false;
  let hasUpper = false;
  let ascii = true;
  let hash = FNV_OFFSET;
  for (let at = start; at < end; at += 1) {
    const code = charCodeAt.call(text, at);
    if (code < 128) {
      if (code >= 97) hasLower = true;
      else hasUpper = true;
      hash = Math.imul(hash ^ (code | 0x20), FNV_PRIME);
    } else {
      ascii = false;
      if (isLowerCase(code)) hasLower = true;
      else if (isUpperCase(code)) hasUpper = true;
    }
  }
  let lower: string;
  let lexicons = -1;
  let id = -1;
  if (ascii && end - start <= MAX_TABLED_LENGTH) {
    const known = knownWordAt(text, start, end, hash >>> 0);
    if (known !== -1) {
      lower = knownWords[known]!;
      lexicons = knownLexicons[known]!;
      id = knownIds[known]!;
    } else {
      // An ASCII word that is not known starts no term.
      lexicons = 0;
      const slot = (hash >>> 0) & (RECENT_SLOTS - 1);
      const recent = recentLower[slot]!;
      if (sameLowerAscii(recent, text, start, end)) lower = recent;
      else {
        lower = hasUpper ? text.slice(start, end).toLowerCase() : text.slice(start, end);
        recentLower[slot] = lower;
      }
    }
  } else {
    const written = text.slice(start, end);
    lower = hasUpper ? written.toLowerCase() : written;
  }
  return {
    start,
    end,
    lower,
    upper: hasUpper && !hasLower,
    han: classOf(charCodeAt.call(text, start)) === HAN,
    joinsNext: false,
    lexicons,
    id,
  };
}

/** Whether `lower` is the ASCII letters of `text[start, end)` in lower case. */
function sameLowerAscii(lower: string, text: string, start: number, end: number): boolean {
  if (lower.length !== end - start) return false;
  for (let k = 0; k < lower.length; k += 1)
    if (charCodeAt.call(lower, k) !== (charCodeAt.call(text, start + k) | 0x20)) return false;
  return true;
}

function termKey(term: string): string[] {
  return term
    .toLowerCase()
    .split(/[\s_'’-]+/)
    .filter((part) => part !== '');
}

/**
 * The first words of the terms of every lexicon (and the words of every word set), with the bits
 * of the lexicons they start a term in and a number of their own: most words start none, and
 * one lookup per word, made while the message is split for most words, tells so for all lexicons
 * at once. Lexicons and word sets are module constants, all built before the first message is
 * split; the tables derived from FIRST_WORDS are then built once, and a later addition throws.
 */
const FIRST_WORDS = new Map<string, { lexicons: number; id: number }>();
let firstWordsSealed = false;
let lexiconsBuilt = 0;

/**
 * The ASCII first words again, in an open-addressing table keyed by the hash `makeWord` computes
 * anyway: a word of a message finds its lexicons while it is being split, without a Map lookup
 * (which would hash the word's string again).
 */
const KNOWN_SLOTS = 8192;
const knownWords = new Array<string>(KNOWN_SLOTS).fill('');
const knownLexicons = new Int32Array(KNOWN_SLOTS);
const knownIds = new Int32Array(KNOWN_SLOTS);

function addFirstWord(word: string, bit: number): void {
  if (firstWordsSealed)
    throw new Error('lexicons and word sets must be built before the first message is split');
  const entry = FIRST_WORDS.get(word);
  if (entry) entry.lexicons |= bit;
  else FIRST_WORDS.set(word, { lexicons: bit, id: FIRST_WORDS.size });
  if (FIRST_WORDS.size * 2 > KNOWN_SLOTS)
    throw new Error('KNOWN_SLOTS must be at least twice the first words');
}

function sealFirstWords(): void {
  if (firstWordsSealed) return;
  firstWordsSealed = true;
  for (const [word, { lexicons, id }] of FIRST_WORDS) {
    if (word.length > MAX_TABLED_LENGTH || !/^[a-z]+$/.test(word)) continue;
    let slot = fnv1a(word) & (KNOWN_SLOTS - 1);
    while (knownWords[slot] !== '') slot = (slot + 1) & (KNOWN_SLOTS - 1);
    knownWords[slot] = word;
    knownLexicons[slot] = lexicons;
    knownIds[slot] = id;
  }
}

/** The slot of the known word spelled by the ASCII letters `text[start, end)` in any case, or -1. */
function knownWordAt(text: string, start: number, end: number, hash: number): number {
  if (!firstWordsSealed) sealFirstWords();
  for (let slot = hash & (KNOWN_SLOTS - 1); ; slot = (slot + 1) & (KNOWN_SLOTS - 1)) {
    const word = knownWords[slot]!;
    if (word === '') return -1;
    if (sameLowerAscii(word, text, start, end)) return slot;
  }
}

function lexiconsOf(word: Word): number {
  if (word.lexicons === -1) {
    const entry = FIRST_WORDS.get(word.lower);
    word.lexicons = entry?.lexicons ?? 0;
    word.id = entry?.id ?? -1;
  }
  return word.lexicons;
}

function nextLexiconBit(): number {
  if (lexiconsBuilt === 31)
    throw new Error('at most 31 lexicons and word sets: one bit each in Word.lexicons');
  lexiconsBuilt += 1;
  return 1 << (lexiconsBuilt - 1);
}

/** Single lower-case words, tested with the one lookup per word that the lexicons share. */
export class WordSet {
  private readonly bit = nextLexiconBit();

  constructor(words: Iterable<string>) {
    for (const word of words) addFirstWord(word, this.bit);
  }

  has(word: Word): boolean {
    return (lexiconsOf(word) & this.bit) !== 0;
  }
}

/** A set of terms (single words or phrases, any script) mapped to values. */
export class Lexicon<V> {
  private readonly phrases = new Map<string, V>();
  /** The value of each first word as a term of its own, by word id: one-word matches need no Map lookup. */
  private single: (V | undefined)[] | null = null;
  private readonly bit = nextLexiconBit();
  private readonly han = new Map<string, V>();
  private maxWords = 1;
  private maxHan = 0;

  constructor(entries: Iterable<readonly [string, V]>) {
    for (const [term, value] of entries) {
      if (HAN_TERM.test(term)) {
        if (!this.han.has(term)) this.han.set(term, value);
        this.maxHan = Math.max(this.maxHan, term.length);
        continue;
      }
      const parts = termKey(term);
      const key = parts.join('');
      if (key === '') continue;
      // "stop loss" and "stoploss" share a key; each spelling still needs its first word.
      addFirstWord(parts[0]!, this.bit);
      this.maxWords = Math.max(this.maxWords, parts.length);
      if (!this.phrases.has(key)) this.phrases.set(key, value);
    }
  }

  has(word: string): boolean {
    return this.phrases.has(word);
  }

  /** Longest terms first, left to right, without overlaps. */
  find(text: string, words: readonly Word[], from = 0, to = words.length): LexiconMatch<V>[] {
    const single = this.single ?? this.buildSingle();
    const matches: LexiconMatch<V>[] = [];
    let i = from;
    while (i < to) {
      const word = words[i]!;
      if (word.han) {
        if (this.maxHan > 0) this.findHan(text, word, i, matches);
        i += 1;
        continue;
      }
      if ((lexiconsOf(word) & this.bit) === 0) {
        i += 1;
        continue;
      }
      let found: LexiconMatch<V> | null = null;
      let key = word.lower;
      const limit = Math.min(to, i + this.maxWords);
      for (let j = i; j < limit; j += 1) {
        if (j > i) {
          if (!words[j - 1]!.joinsNext) break;
          key += words[j]!.lower;
        }
        const value = j === i ? single[word.id] : this.phrases.get(key);
        if (value !== undefined) {
          found = {
            start: word.start,
            end: words[j]!.end,
            value,
            text: text.slice(word.start, words[j]!.end),
            firstWord: i,
            endWord: j + 1,
          };
        }
      }
      if (found) {
        matches.push(found);
        i = found.endWord;
      } else {
        i += 1;
      }
    }
    return matches;
  }

  private buildSingle(): (V | undefined)[] {
    sealFirstWords();
    const single = new Array<V | undefined>(FIRST_WORDS.size);
    for (const [word, { id }] of FIRST_WORDS) single[id] = this.phrases.get(word);
    this.single = single;
    return single;
  }

  /** Han text has no spaces: look for terms inside the run, longest first. */
  private findHan(text: string, word: Word, index: number, matches: LexiconMatch<V>[]): void {
    let position = word.start;
    while (position < word.end) {
      let matched = 0;
      for (let length = Math.min(this.maxHan, word.end - position); length > 0; length -= 1) {
        const candidate = text.slice(position, position + length);
        const value = this.han.get(candidate);
        if (value !== undefined) {
          matches.push({
            start: position,
            end: position + length,
            value,
            text: candidate,
            firstWord: index,
            endWord: index + 1,
          });
          matched = length;
          break;
        }
      }
      position += matched > 0 ? matched : 1;
    }
  }
}
