/**
 * Text clean-up before extraction, so that the rules see one spelling of each thing: ASCII digits,
 * `-` for every dash, `x` for the Cyrillic `х` in `20х`, `1)` for the keycap emoji `1️⃣`, no
 * invisible characters, no control bytes, `\n` line ends.
 */

// Each of these is removed on its own (they are not meant to combine with their neighbours here).
// eslint-disable-next-line no-misleading-character-class
const INVISIBLE = /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180E\u200B\u200D\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFE00-\uFE0F\uFEFF]|\u{E0001}|[\u{E0020}-\u{E007F}]|[\u{E0100}-\u{E01EF}]/gu;
// Control characters other than tab and newline (binary input) become spaces.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFD]/g;
const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g;
const KEYCAP = /([0-9#*])\uFE0F?\u20E3/g;
const THIN_THOUSANDS = /(\d)[\u00A0\u2007\u202F\u2009](?=\d{3}(?!\d))/g;
const EASTERN_DIGITS = /[\u0660-\u0669\u06F0-\u06F9\u066B\u066C\u060C]/g;
const CYRILLIC_X = /(\d)\s?[хХ](?![\p{L}])/gu;
const NON_ASCII = /[^\t\n\r\u0020-\u007E]/;

function easternDigit(char: string): string {
  const code = char.charCodeAt(0);
  if (code >= 0x0660 && code <= 0x0669) return String(code - 0x0660);
  if (code >= 0x06f0 && code <= 0x06f9) return String(code - 0x06f0);
  if (code === 0x066b) return '.'; // Arabic decimal separator
  return ','; // Arabic thousands separator and Arabic comma
}

/** Turkish dotted and dotless i fold to i so that `GİRİŞ`, `giriş` and `ALIM`/`alım` match alike. */
export function foldTurkish(text: string): string {
  return text.replace(/[İı]/g, (char) => (char === 'İ' ? 'I' : 'i'));
}

/** Normalise a message for extraction; the result keeps the line structure of the original. */
export function normalizeText(raw: string): string {
  let text = raw.replace(/\r\n?/g, '\n').replace(CONTROL, ' ');
  if (NON_ASCII.test(text)) {
    text = text
      .replace(KEYCAP, '$1) ')
      .replace(/\u{1F51F}/gu, '10) ')
      .replace(THIN_THOUSANDS, '$1')
      // A zero-width non-joiner separates Persian words ("تارگت‌ها"); keep the word break.
      .replace(/\u200C/g, ' ')
      .replace(INVISIBLE, '')
      .replace(EASTERN_DIGITS, easternDigit)
      .normalize('NFKC')
      .replace(DASHES, '-')
      .replace(CYRILLIC_X, '$1x');
    text = foldTurkish(text);
  }
  return text;
}
