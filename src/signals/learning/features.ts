/**
 * What the text model sees of a message: hashed word unigrams and bigrams (Han characters count
 * as words, numbers are reduced to their shape, emoji and punctuation are tokens of their own),
 * plus indicator features computed by the rule extractor (a symbol was found, the prices decide
 * the side, targets are marked hit, update words...). The indicators let the model generalise
 * from what the rules understand in any language; the n-grams let it learn wording the rules
 * do not know.
 */
import type { Extraction } from '../extract/extractor.js';

/** Bump when tokenisation or the feature set changes: stored models then get retrained. */
export const FEATURE_VERSION = 1;

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
const RULE_INDEX = new Map<RuleFeature, number>(RULE_FEATURES.map((name, index) => [name, HASH_SIZE + index]));

export interface FeatureVector {
  indices: Uint32Array;
  values: Float32Array;
}

// Han characters one by one; other letters as words; numbers by shape; any other visible character alone.
const TOKEN = /\p{Script=Han}|[\p{L}\p{M}]+|\d+(?:[.,]\d+)*|[^\s\p{L}\p{N}]/gu;

function fnv1a(text: string, seed = 0x811c9dc5): number {
  let hash = seed;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function numberShape(token: string): string {
  return /[.,]/.test(token) ? '<dec>' : token.length <= 2 ? '<int>' : '<bigint>';
}

/** The tokens the n-grams are built from (lower case; `<nl>` marks a line break). */
export function tokenize(normalizedText: string): string[] {
  const tokens: string[] = [];
  for (const line of normalizedText.toLowerCase().split('\n')) {
    let any = false;
    for (const match of line.matchAll(TOKEN)) {
      const token = match[0];
      tokens.push(/^\d/.test(token) ? numberShape(token) : token);
      any = true;
    }
    if (any) tokens.push('<nl>');
  }
  return tokens;
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
  if (updates.result.length + updates.cancel.length + updates.manage.length > 0 && !setup) on.push('update_without_setup');
  if (evidence.question) on.push('question');
  if (evidence.question && !setup) on.push('question_without_setup');
  if (evidence.pricesContradictSide) on.push('prices_contradict_side');
  if (evidence.mixedSideWords) on.push('mixed_side_words');
  if (fields.symbols.length > 0 && fields.side !== null && setup && fields.sl !== null) on.push('complete_setup');
  if (textLength < 40) on.push('short_text');
  if (textLength > 600) on.push('long_text');
  return on;
}

/**
 * The feature vector: each distinct n-gram once, scaled so that the n-gram part has unit length
 * (long messages do not outvote short ones); rule indicators at full weight.
 */
export function featurize(normalizedText: string, extraction: Extraction): FeatureVector {
  const tokens = tokenize(normalizedText);
  const seen = new Set<number>();
  let previous = '<s>';
  for (const token of tokens) {
    const unigram = fnv1a(token) & HASH_MASK;
    seen.add(unigram);
    seen.add(fnv1a(token, fnv1a(previous)) & HASH_MASK);
    previous = token;
  }
  const rules = ruleFeatures(extraction, normalizedText.length);
  const indices = new Uint32Array(seen.size + rules.length);
  const values = new Float32Array(seen.size + rules.length);
  const scale = seen.size > 0 ? 1 / Math.sqrt(seen.size) : 0;
  let i = 0;
  for (const index of seen) {
    indices[i] = index;
    values[i] = scale;
    i += 1;
  }
  for (const rule of rules) {
    indices[i] = RULE_INDEX.get(rule)!;
    values[i] = 1;
    i += 1;
  }
  return { indices, values };
}
