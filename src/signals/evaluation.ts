/**
 * Scoring the extractor against labelled messages (fixtures/signals/*), field by field, the way
 * the issue's targets are stated: label accuracy, and exact match of symbols, stop-loss, the
 * take-profit list and the entry. Used by `npm run eval:signals` and by the tests.
 */
import { readFileSync } from 'node:fs';
import type { SignalFields } from './extract/extractor.js';
import type { SignalLabel } from './model.js';

export interface LabelledSignal {
  id: string;
  text: string;
  label: SignalLabel;
  symbols: string[];
  entry: number[] | null;
  tps: number[];
  sl: number | null;
  leverage: number | null;
}

export interface Prediction {
  label: SignalLabel;
  fe: SignalFields;
}

export const EVALUATED_FIELDS = ['label', 'symbols', 'sl', 'tps', 'entry', 'leverage'] as const;
export type EvaluatedField = (typeof EVALUATED_FIELDS)[number];

export interface FieldMiss {
  id: string;
  field: EvaluatedField;
  expected: unknown;
  got: unknown;
}

export interface EvaluationReport {
  messages: number;
  /** Share of messages with the field exactly right, per field. */
  accuracy: Record<EvaluatedField, number>;
  misses: FieldMiss[];
}

export function readLabelled(file: string | URL): LabelledSignal[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LabelledSignal);
}

function sameNumber(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
}

function sameList(a: readonly number[] | null, b: readonly number[] | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((value, index) => sameNumber(value, b[index]!));
}

function sameSymbols(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join(',') === [...b].sort().join(',');
}

/** Whether one field of a prediction matches the expected record. */
export function fieldMatches(expected: LabelledSignal, got: Prediction, field: EvaluatedField): boolean {
  switch (field) {
    case 'label':
      return got.label === expected.label;
    case 'symbols':
      return sameSymbols(got.fe.symbols, expected.symbols);
    case 'sl':
      return sameNumber(got.fe.sl, expected.sl);
    case 'tps':
      return sameList(got.fe.tps, expected.tps);
    case 'entry':
      return sameList(got.fe.entry, expected.entry);
    case 'leverage':
      return sameNumber(got.fe.leverage, expected.leverage);
  }
}

function actual(got: Prediction, field: EvaluatedField): unknown {
  return field === 'label' ? got.label : got.fe[field];
}

export function evaluate(
  records: readonly LabelledSignal[],
  predict: (text: string) => Prediction,
): EvaluationReport {
  const hits = Object.fromEntries(EVALUATED_FIELDS.map((field) => [field, 0])) as Record<
    EvaluatedField,
    number
  >;
  const misses: FieldMiss[] = [];
  for (const record of records) {
    const got = predict(record.text);
    for (const field of EVALUATED_FIELDS) {
      if (fieldMatches(record, got, field)) hits[field] += 1;
      else misses.push({ id: record.id, field, expected: record[field], got: actual(got, field) });
    }
  }
  const accuracy = Object.fromEntries(
    EVALUATED_FIELDS.map((field) => [field, records.length === 0 ? 0 : hits[field] / records.length]),
  ) as Record<EvaluatedField, number>;
  return { messages: records.length, accuracy, misses };
}
