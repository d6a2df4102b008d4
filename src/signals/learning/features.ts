/**
 * What the text model sees of a message: hashed token unigrams and bigrams (Han characters count
 * as words, numbers are reduced to their shape, emoji and punctuation are tokens of their own),
 * plus indicator features computed by the rule extractor (a symbol was found, the prices decide
 * the side, targets are marked hit, update words...). The indicators let the model generalise
 * from what the rules understand in any language; the n-grams let it learn wording the rules
 * do not know.
 */
import {
  DIGIT,
  FNV_OFFSET,
  FNV_PRIME,
  LETTER,
  NEWLINE,
  SPACE,
  classOf,
  fnv1a,
  isAsciiLetter,
  lowerOf,
} from '../extract/chars.js';
import type { Extraction } from '../extract/extractor.js';

// Per-character reads go through this constant, not `text.charCodeAt(i)`: see chars.ts.
const charCodeAt = String.prototype.charCodeAt;

/** Bump when tokenisation or the feature set changes: stored models then get retrained. */
export const FEATURE_VERSION = 3;

export const HASH_BITS = 18;
const HASH_SIZE = 1 << HASH_BITS;
const HASH_MASK = HASH_SIZE - 1;

export const RULE_FEATURES = [
  'symbol',
  'several_symbols',
  'no_symbol',
  'side_from_prices',
  'side_from_word',
  'side_from_hint',
  'no_side',
  'side_buy',
  'side_sell',
  'entry',
  'market_entry',
  'no_entry',
  'tps_1',
  'tps_2_3',
  'tps_4_plus',
  'no_tps',
  'stop',
  'stop_percent',
  'leverage',
  'labelled_0',
  'labelled_1',
  'labelled_2',
  'labelled_3',
  'hit_marks',
  'many_hit_marks',
  'result_words',
  'cancel_words',
  'manage_words',
  'update_without_setup',
  'question',
  'question_without_setup',
  'prices_contradict_side',
  'mixed_side_words',
  'complete_setup',
  'short_text',
  'long_text',
] as const;
export type RuleFeature = (typeof RULE_FEATURES)[number];

/** Feature indices: hashed n-grams in [0, HASH_SIZE), rule indicators after them. */
export const FEATURE_COUNT = HASH_SIZE + RULE_FEATURES.length;
// A Map: an object with this many keys read by a variable name would be a slow dictionary lookup.
const RULE_INDEX = new Map<RuleFeature, number>(
  RULE_FEATURES.map((name, index) => [name, HASH_SIZE + index]),
);

export interface FeatureVector {
  indices: Uint32Array;
  values: Float32Array;
  /** Features in use: the first `length` of `indices` and `values`. */
  length: number;
}

const START = fnv1a('<s>');
const LINE_END = fnv1a('<nl>');
const SHAPE_SMALL = fnv1a('<int>');
const SHAPE_BIG = fnv1a('<bigint>');
const SHAPE_DECIMAL = fnv1a('<dec>');

/** The bigram of two token hashes. */
function pair(previous: number, current: number): number {
  return Math.imul((previous ^ 0x9e3779b9) + Math.imul(current, 0x85ebca6b), FNV_PRIME) >>> 0;
}

/**
 * Hashes of the tokens of a text, written into `hashes` (room for `text.length + 1`: a token
 * takes at least one character); returns their count. Tokens: lower-case words, Han characters
 * one by one, numbers by shape (`<int>`, `<bigint>`, `<dec>`), any other visible character
 * (emoji, punctuation) alone, and `<nl>` after each non-empty line. One pass over the
 * characters, no token strings: this runs for every scored message.
 */
function writeTokenHashes(text: string, hashes: Uint32Array): number {
  let count = 0;
  let lineHasToken = false;
  let i = 0;
  const length = text.length;
  while (i < length) {
    const code = charCodeAt.call(text, i);
    const kind = classOf(code);
    if (kind === LETTER) {
      let hash = FNV_OFFSET;
      while (i < length) {
        const c = charCodeAt.call(text, i);
        // ASCII letters decided and lower-cased inline: most words are ASCII.
        if (c < 128) {
          if (!isAsciiLetter(c)) break;
          hash = Math.imul(hash ^ (c | 0x20), FNV_PRIME);
        } else {
          if (classOf(c) !== LETTER) break;
          hash = Math.imul(hash ^ lowerOf(c), FNV_PRIME);
        }
        i += 1;
      }
      hashes[count++] = hash >>> 0;
    } else if (kind === DIGIT) {
      const start = i;
      let decimal = false;
      while (i < length) {
        const c = charCodeAt.call(text, i);
        if (c >= 48 && c <= 57) i += 1;
        else if (
          (c === 46 || c === 44) &&
          i + 1 < length &&
          classOf(charCodeAt.call(text, i + 1)) === DIGIT
        ) {
          decimal = true;
          i += 1;
        } else break;
      }
      hashes[count++] = decimal ? SHAPE_DECIMAL : i - start <= 2 ? SHAPE_SMALL : SHAPE_BIG;
    } else if (kind === NEWLINE) {
      if (lineHasToken) hashes[count++] = LINE_END;
      lineHasToken = false;
      i += 1;
      continue;
    } else if (kind === SPACE) {
      i += 1;
      continue;
    } else {
      // Han character, emoji or punctuation: one token; a surrogate pair is one character.
      let hash = Math.imul(FNV_OFFSET ^ code, FNV_PRIME);
      i += 1;
      if (code >= 0xd800 && code <= 0xdbff && i < length) {
        hash = Math.imul(hash ^ charCodeAt.call(text, i), FNV_PRIME);
        i += 1;
      }
      hashes[count++] = hash >>> 0;
    }
    lineHasToken = true;
  }
  if (lineHasToken) hashes[count++] = LINE_END;
  return count;
}

export function ruleFeatures(extraction: Extraction, textLength: number): RuleFeature[] {
  const { fields, evidence } = extraction;
  const on: RuleFeature[] = [];
  const hasEntry = fields.entry !== null || evidence.marketEntry;
  const setup = hasEntry && fields.tps.length > 0;
  const updates = evidence.updateWords;
  on.push(fields.symbols.length === 0 ? 'no_symbol' : 'symbol');
  if (fields.symbols.length > 1) on.push('several_symbols');
  if (evidence.sideFrom === 'prices') on.push('side_from_prices');
  else if (evidence.sideFrom === 'word') on.push('side_from_word');
  else if (evidence.sideFrom === 'hint') on.push('side_from_hint');
  else on.push('no_side');
  if (fields.side === 'BUY') on.push('side_buy');
  if (fields.side === 'SELL') on.push('side_sell');
  on.push(fields.entry !== null ? 'entry' : evidence.marketEntry ? 'market_entry' : 'no_entry');
  const tps = fields.tps.length;
  on.push(tps === 0 ? 'no_tps' : tps === 1 ? 'tps_1' : tps <= 3 ? 'tps_2_3' : 'tps_4_plus');
  if (fields.sl !== null) on.push('stop');
  if (evidence.slPercent !== null) on.push('stop_percent');
  if (fields.leverage !== null) on.push('leverage');
  on.push(`labelled_${Math.min(3, evidence.labelledFields)}` as RuleFeature);
  if (evidence.hitMarks > 0) on.push('hit_marks');
  if (evidence.hitMarks > 1) on.push('many_hit_marks');
  if (updates.result.length > 0) on.push('result_words');
  if (updates.cancel.length > 0) on.push('cancel_words');
  if (updates.manage.length > 0) on.push('manage_words');
  if (updates.result.length + updates.cancel.length + updates.manage.length > 0 && !setup)
    on.push('update_without_setup');
  if (evidence.question) on.push('question');
  if (evidence.question && !setup) on.push('question_without_setup');
  if (evidence.pricesContradictSide) on.push('prices_contradict_side');
  if (evidence.mixedSideWords) on.push('mixed_side_words');
  if (fields.symbols.length > 0 && fields.side !== null && setup && fields.sl !== null)
    on.push('complete_setup');
  if (textLength < 40) on.push('short_text');
  if (textLength > 600) on.push('long_text');
  return on;
}

/**
 * Feature storage refilled message after message: scoring then allocates no arrays. The arrays
 * grow to the longest message seen; `length` features are valid.
 */
export class FeatureBuffer implements FeatureVector {
  indices = new Uint32Array(1024);
  values = new Float32Array(1024);
  length = 0;
  private hashes = new Uint32Array(512);

  /**
   * The feature vector of a message: token unigrams and bigrams (a repeated token counts each
   * time), scaled so that the n-gram part has unit length (long messages do not outvote short
   * ones); rule indicators at full weight.
   */
  fill(normalizedText: string, extraction: Extraction): this {
    if (this.hashes.length < normalizedText.length + 1)
      this.hashes = new Uint32Array(2 * normalizedText.length + 1);
    const hashes = this.hashes;
    const tokens = writeTokenHashes(normalizedText, hashes);
    const rules = ruleFeatures(extraction, normalizedText.length);
    const grams = tokens * 2;
    if (this.indices.length < grams + rules.length) {
      this.indices = new Uint32Array(2 * (grams + rules.length));
      this.values = new Float32Array(2 * (grams + rules.length));
    }
    const { indices, values } = this;
    let previous = START;
    for (let i = 0; i < tokens; i += 1) {
      const current = hashes[i]!;
      indices[2 * i] = current & HASH_MASK;
      indices[2 * i + 1] = pair(previous, current) & HASH_MASK;
      previous = current;
    }
    values.fill(grams > 0 ? 1 / Math.sqrt(grams) : 0, 0, grams);
    for (let r = 0; r < rules.length; r += 1) {
      indices[grams + r] = RULE_INDEX.get(rules[r]!)!;
      values[grams + r] = 1;
    }
    this.length = grams + rules.length;
    return this;
  }
}

const featurizeScratch = new FeatureBuffer();

/** The feature vector of one message in arrays of its own (training keeps every example's). */
export function featurize(normalizedText: string, extraction: Extraction): FeatureVector {
  const filled = featurizeScratch.fill(normalizedText, extraction);
  return {
    indices: filled.indices.slice(0, filled.length),
    values: filled.values.slice(0, filled.length),
    length: filled.length,
  };
}
