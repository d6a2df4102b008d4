/**
 * Tables (`| Pair | Side | Entry | TP1 | SL |` or tab-separated) become `header: value` lines, so
 * that the line reader sees the same labels as in any other layout.
 */
import { findLabels } from './fields.js';
import { splitWords } from './words.js';

const SIDE_HEADERS =
  /^(?:side|direction|type|position|bias|signal|trade|направление|сторона|yön|yon|işlem|dirección|direccion|tipo|方向|جهت|نوع|الاتجاه)$/iu;
const SEPARATOR_ROW = /^[\s|:+\-=]*$/;

function cells(line: string): string[] | null {
  if ((line.match(/\|/g)?.length ?? 0) >= 2) {
    return line
      .replace(/^\s*\|/, '')
      .replace(/\|\s*$/, '')
      .split('|')
      .map((cell) => cell.trim());
  }
  if ((line.match(/\t/g)?.length ?? 0) >= 2) return line.split('\t').map((cell) => cell.trim());
  return null;
}

function isHeader(row: readonly string[]): boolean {
  // A header names columns; a row holding prices ("SL 63000 | TP 66000") is data written inline.
  if (row.some((cell) => /\d{2,}|\d[.,]\d/.test(cell))) return false;
  let named = 0;
  for (const cell of row) {
    if (SIDE_HEADERS.test(cell)) named += 1;
    else {
      const labels = findLabels(cell, splitWords(cell));
      if (
        labels.length === 1 &&
        labels[0]!.start === 0 &&
        labels[0]!.end >= cell.replace(/[\s\d:#]+$/, '').length
      )
        named += 1;
    }
  }
  return named >= 2 && named >= row.length / 2;
}

export function rewriteTables(text: string): string {
  if (!text.includes('|') && !text.includes('\t')) return text;
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const header = cells(lines[i]!);
    if (!header || !isHeader(header)) {
      out.push(lines[i]!);
      continue;
    }
    const rewritten: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j += 1) {
      const line = lines[j]!;
      if (SEPARATOR_ROW.test(line)) continue;
      const row = cells(line);
      if (!row) break;
      rewritten.push(...header.map((name, column) => `${name}: ${row[column] ?? ''}`), '');
    }
    if (rewritten.length === 0) {
      out.push(lines[i]!);
      continue;
    }
    out.push(...rewritten);
    i = j - 1;
  }
  return out.join('\n');
}
