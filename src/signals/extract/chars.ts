/**
 * Character classes, computed once per UTF-16 code and cached: the extractor and the text model
 * walk messages character by character, and a Unicode property regex per character would
 * dominate their cost.
 *
 * The modules that walk messages read character codes as `charCodeAt.call(text, i)` through a
 * module constant `charCodeAt = String.prototype.charCodeAt`, not as `text.charCodeAt(i)`: once
 * any class extends String (ioredis's VerbatimString does, and the server and the benchmarks
 * load it), V8 no longer inlines methods looked up on String.prototype, and every scan runs
 * about five times slower. A call through a constant of the calling module stays inlined (an
 * imported constant or a shared wrapper function does not reliably).
 *
 * Nor may a read fall outside the text: V8 inlines the read with a bounds check that deoptimises
 * when it fails, and after that the call site calls the generic builtin for good. Reads that can
 * fall off either end go through a module's `codeAt`, which returns -1 there.
 */
export const LETTER = 1;
export const HAN = 2;
export const DIGIT = 3;
export const SPACE = 4;
export const NEWLINE = 5;
export const OTHER = 6;

/** FNV-1a over UTF-16 codes: the word hashes of `words.ts` and the token hashes of the text model. */
export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

export function fnv1a(text: string): number {
  let hash = FNV_OFFSET;
  for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME);
  return hash >>> 0;
}

const classes = new Uint8Array(65536);
const lowerCodes = new Uint16Array(65536);
// 1: lower-case letter, 2: upper-case letter, 3: neither; 0: not computed yet.
const cases = new Uint8Array(65536);
const IS_LETTER = /[\p{L}\p{M}]/u;
const IS_HAN = /[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]/;
const IS_SPACE = /\s/u;

/** LETTER (letters and combining marks, Han excluded), HAN, DIGIT (ASCII), SPACE, NEWLINE or OTHER. */
export function classOf(code: number): number {
  let kind = classes[code]!;
  if (kind === 0) {
    const char = String.fromCharCode(code);
    if (code === 10) kind = NEWLINE;
    else if (code >= 48 && code <= 57) kind = DIGIT;
    else if (IS_SPACE.test(char)) kind = SPACE;
    else if (IS_HAN.test(char)) kind = HAN;
    else if (IS_LETTER.test(char)) kind = LETTER;
    else kind = OTHER;
    classes[code] = kind;
  }
  return kind;
}

/** A letter of any script, Han included. */
export function isLetter(code: number): boolean {
  const kind = classOf(code);
  return kind === LETTER || kind === HAN;
}

export function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

export function isAsciiUpper(code: number): boolean {
  return code >= 65 && code <= 90;
}

export function isAsciiLower(code: number): boolean {
  return code >= 97 && code <= 122;
}

export function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** The lower-case code of a character (itself when lower-casing would change the length). */
export function lowerOf(code: number): number {
  let lower = lowerCodes[code]!;
  if (lower === 0) {
    const mapped = String.fromCharCode(code).toLowerCase();
    lower = mapped.length === 1 ? mapped.charCodeAt(0) : code;
    lowerCodes[code] = lower;
  }
  return lower;
}

/** Whether a character is a lower-case letter (one that upper-casing changes). */
export function isLowerCase(code: number): boolean {
  return caseOf(code) === 1;
}

/** Whether a character is an upper-case letter (one that lower-casing changes). */
export function isUpperCase(code: number): boolean {
  return caseOf(code) === 2;
}

function caseOf(code: number): number {
  let kind = cases[code]!;
  if (kind === 0) {
    const char = String.fromCharCode(code);
    kind = char.toUpperCase() !== char ? 1 : char.toLowerCase() !== char ? 2 : 3;
    cases[code] = kind;
  }
  return kind;
}

/**
 * A one-character regex test, cached per UTF-16 code: for the classes `classOf` does not give.
 * A code outside 0-65535 (-1 for "outside the text") is never in the class.
 */
export function cachedCharTest(pattern: RegExp): (code: number) => boolean {
  // 0: not computed yet, 1: in the class, 2: not.
  const cache = new Uint8Array(65536);
  return (code) => {
    if (code < 0 || code > 0xffff) return false;
    let known = cache[code]!;
    if (known === 0) {
      known = pattern.test(String.fromCharCode(code)) ? 1 : 2;
      cache[code] = known;
    }
    return known === 1;
  };
}

/** `[\p{L}\p{N}]`: a letter or number of any script. */
export const isLetterOrNumber = cachedCharTest(/[\p{L}\p{N}]/u);
