/**
 * Text clean-up before extraction, so that the rules see one spelling of each thing: ASCII digits,
 * `-` for every dash, `x` for the Cyrillic `х` in `20х`, `1)` for the keycap emoji `1️⃣`, no
 * invisible characters, no control bytes, `\n` line ends. Few passes over the text: this runs
 * for every message.
 */
// Per-character reads go through this constant, not `text.charCodeAt(i)`: see chars.ts.
const charCodeAt = String.prototype.charCodeAt;

// Control characters other than tab and newline (binary input) become spaces; \r\n becomes \n.
// eslint-disable-next-line no-control-regex
const CONTROL = /\r\n?|[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFD]/g;
// Thin and non-breaking spaces inside a number ("30 025") are thousands separators.
const THIN_THOUSANDS = /(\d)[\u00A0\u2007\u202F\u2009](?=\d{3}(?!\d))/g;
// Characters that compatibility normalisation (NFKC) rewrites: full-width forms (`１２：３０`),
// styled letters (𝐁𝐓𝐂), ligatures, circled and super-/subscript digits, vulgar fractions,
// Arabic presentation forms.
const NEEDS_NFKC =
  /[\u00AA\u00B2\u00B3\u00B9\u00BA\u00BC-\u00BE\u2070-\u209F\u2100-\u218F\u2460-\u24FF\u2776-\u2793\u3000-\u303F\u3200-\u33FF\uFB00-\uFDFF\uFE10-\uFE19\uFE30-\uFE6F\uFE70-\uFEFF\uFF00-\uFFEF]|[\u{1D400}-\u{1D7FF}]|[\u{1F100}-\u{1F1E5}]/u;
/**
 * Everything else, in one pass: keycaps (`1️⃣` → `1) `), `🔟`, the zero-width non-joiner (a word
 * break in Persian), invisible marks and variation selectors, Arabic-Indic digits and separators,
 * dashes, Turkish İ/ı, and the Cyrillic х after a number.
 */
// Each alternative is removed or replaced on its own (they are not meant to combine here).
const SPECIAL =
  // eslint-disable-next-line no-misleading-character-class
  /([0-9#*])\uFE0F?\u20E3|\u{1F51F}|\u200C|[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180E\u200B\u200D\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFE00-\uFE0F\uFEFF]|\u{E0001}|[\u{E0020}-\u{E007F}]|[\u{E0100}-\u{E01EF}]|[\u0660-\u0669\u06F0-\u06F9\u066B\u066C\u060C]|[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]|[İı]|(\d) ?[хХ](?!\p{L})/gu;

function special(match: string, keycap: string | undefined, digitBeforeX: string | undefined): string {
  if (keycap !== undefined) return `${keycap}) `;
  if (digitBeforeX !== undefined) return `${digitBeforeX}x`;
  const code = match.codePointAt(0)!;
  if (code === 0x1f51f) return '10) ';
  if (code === 0x200c) return ' ';
  if (code >= 0x0660 && code <= 0x0669) return String(code - 0x0660);
  if (code >= 0x06f0 && code <= 0x06f9) return String(code - 0x06f0);
  if (code === 0x066b) return '.'; // Arabic decimal separator
  if (code === 0x066c || code === 0x060c) return ','; // Arabic thousands separator and comma
  if (
    (code >= 0x2010 && code <= 0x2015) ||
    code === 0x2212 ||
    code === 0xfe58 ||
    code === 0xfe63 ||
    code === 0xff0d
  )
    return '-';
  if (code === 0x130) return 'I';
  if (code === 0x131) return 'i';
  return '';
}

/** Turkish dotted and dotless i fold to i so that `GİRİŞ`, `giriş` and `ALIM`/`alım` match alike. */
export function foldTurkish(text: string): string {
  return text.replace(/[İı]/g, (char) => (char === 'İ' ? 'I' : 'i'));
}

// Which rewrite a UTF-16 code unit can take part in (astral characters by one of their
// surrogates): one table lookup per character tells which regex passes can change the text,
// and most messages need none of them.
const SPECIAL_UNIT = 1;
const NFKC_UNIT = 2;
const THIN_UNIT = 4;
/** Control characters other than tab and newline, \r included, and U+FFFD (what CONTROL rewrites). */
const CONTROL_UNIT = 8;
/** Anything but tab, newline, \r and printable ASCII: a text of none needs no rewrite at all. */
const NOT_PLAIN_UNIT = 16;
const UNIT_ROLES = new Uint8Array(65536);

function markUnits(role: number, ranges: readonly (readonly [number, number])[]): void {
  for (const [first, last] of ranges)
    for (let code = first; code <= last; code += 1) UNIT_ROLES[code]! |= role;
}

// prettier-ignore
markUnits(SPECIAL_UNIT, [
  [0x20e3, 0x20e3], [0xdd1f, 0xdd1f], [0x200c, 0x200c], [0x00ad, 0x00ad], [0x034f, 0x034f], [0x061c, 0x061c],
  [0x115f, 0x1160], [0x17b4, 0x17b5], [0x180e, 0x180e], [0x200b, 0x200b], [0x200d, 0x200f], [0x202a, 0x202e],
  [0x2060, 0x2064], [0x2066, 0x206f], [0xfe00, 0xfe0f], [0xfeff, 0xfeff], [0xdb40, 0xdb40], [0x0660, 0x0669],
  [0x06f0, 0x06f9], [0x066b, 0x066c], [0x060c, 0x060c], [0x2010, 0x2015], [0x2212, 0x2212], [0xfe58, 0xfe58],
  [0xfe63, 0xfe63], [0xff0d, 0xff0d], [0x0130, 0x0131], [0x0445, 0x0445], [0x0425, 0x0425],
]);
// prettier-ignore
markUnits(NFKC_UNIT, [
  [0x00aa, 0x00aa], [0x00b2, 0x00b3], [0x00b9, 0x00ba], [0x00bc, 0x00be], [0x2070, 0x209f], [0x2100, 0x218f],
  [0x2460, 0x24ff], [0x2776, 0x2793], [0x3000, 0x303f], [0x3200, 0x33ff], [0xfb00, 0xfdff], [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f], [0xfe70, 0xfeff], [0xff00, 0xffef], [0xd835, 0xd835], [0xdd00, 0xdde5],
]);
// prettier-ignore
markUnits(CONTROL_UNIT, [[0x0000, 0x0008], [0x000b, 0x001f], [0x007f, 0x009f], [0xfffd, 0xfffd]]);
markUnits(NOT_PLAIN_UNIT, [
  [0x0000, 0x0008],
  [0x000b, 0x000c],
  [0x000e, 0x001f],
  [0x007f, 0xffff],
]);
markUnits(THIN_UNIT, [
  [0x00a0, 0x00a0],
  [0x2007, 0x2007],
  [0x202f, 0x202f],
  [0x2009, 0x2009],
]);

function unitRoles(text: string): number {
  let roles = 0;
  for (let i = 0; i < text.length; i += 1) roles |= UNIT_ROLES[charCodeAt.call(text, i)]!;
  return roles;
}

/** Normalise a message for extraction; the result keeps the line structure of the original. */
export function normalizeText(raw: string): string {
  let text = raw;
  let roles = unitRoles(text);
  if (roles & CONTROL_UNIT) {
    text = text.replace(CONTROL, (match) => (match[0] === '\r' ? '\n' : ' '));
    roles = unitRoles(text);
  }
  if (!(roles & NOT_PLAIN_UNIT)) return text;
  if (roles & THIN_UNIT) text = text.replace(THIN_THOUSANDS, '$1');
  if (roles & NFKC_UNIT && NEEDS_NFKC.test(text)) {
    text = text.normalize('NFKC');
    // Compatibility forms can become characters that the special rewrites handle (︱ → —).
    roles = unitRoles(text);
  }
  return roles & SPECIAL_UNIT ? text.replace(SPECIAL, special) : text;
}
