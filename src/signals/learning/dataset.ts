/**
 * The labelled dataset: the shipped file (datasets/signals/train.jsonl, read-only) and the
 * examples users add (DATA_DIR/signals/dataset.jsonl, append-only, fsynced). Training uses both;
 * a user example overrides a shipped one with the same text.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UnavailableError, ValidationError } from '../../shared/errors.js';
import { SIGNAL_LABELS, type SignalLabel } from '../model.js';
import { type LabelledText, dedupe } from './train.js';

/** The training set shipped with LeviBot. */
export const SHIPPED_DATASET = fileURLToPath(
  new URL('../../../datasets/signals/train.jsonl', import.meta.url),
);

export interface DatasetFiles {
  shipped: string;
  user: string;
}

export interface DatasetReport {
  size: number;
  class_counts: Record<SignalLabel, number>;
  shipped: { file: string; examples: number };
  user: { file: string; examples: number; invalid_lines: number };
  /** Texts present more than once (the last label wins). */
  duplicates: number;
  /** Of those, texts given different labels. */
  conflicts: number;
}

/** `buy`, `Sell`, `no-trade`, `NO_TRADE` → the canonical label. */
export function parseLabel(raw: unknown, field = 'label'): SignalLabel {
  if (typeof raw === 'string') {
    const upper = raw.trim().toUpperCase().replace(/[_\s]/g, '-');
    const label = upper === 'NOTRADE' ? 'NO-TRADE' : upper;
    if ((SIGNAL_LABELS as readonly string[]).includes(label)) return label as SignalLabel;
  }
  throw ValidationError.forField(field, `must be one of ${SIGNAL_LABELS.join(', ')}`);
}

/** A message text: a non-blank string of at most `maxChars` characters. */
export function parseText(raw: unknown, maxChars: number, field = 'text'): string {
  if (typeof raw !== 'string') throw ValidationError.forField(field, 'must be a string');
  if (raw.trim() === '') throw ValidationError.forField(field, 'must not be empty');
  if (raw.length > maxChars)
    throw ValidationError.forField(field, `must be at most ${maxChars} characters (got ${raw.length})`);
  return raw;
}

function readExamples(file: string): { examples: LabelledText[]; invalid: number } {
  if (!existsSync(file)) return { examples: [], invalid: 0 };
  const examples: LabelledText[] = [];
  let invalid = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      const row = JSON.parse(line) as { text?: unknown; label?: unknown };
      if (typeof row.text !== 'string' || row.text.trim() === '') throw new Error('no text');
      examples.push({ text: row.text, label: parseLabel(row.label) });
    } catch {
      // A torn last line (crash during append) or a hand edit: skipped and counted in the report.
      invalid += 1;
    }
  }
  return { examples, invalid };
}

export class SignalDataset {
  constructor(
    readonly files: DatasetFiles,
    private readonly maxTextChars: number,
  ) {}

  /** Every example, shipped first, then the user's. */
  examples(): LabelledText[] {
    return [...this.shipped().examples, ...readExamples(this.files.user).examples];
  }

  /** The shipped examples; their absence is an installation fault, reported rather than trained around. */
  private shipped(): { examples: LabelledText[]; invalid: number } {
    if (!existsSync(this.files.shipped)) {
      throw new UnavailableError(
        `the shipped signal dataset ${this.files.shipped} is missing; reinstall LeviBot`,
      );
    }
    return readExamples(this.files.shipped);
  }

  /** Validate and durably append one user example. */
  append(input: { text: unknown; label: unknown }): LabelledText {
    const example = { text: parseText(input.text, this.maxTextChars), label: parseLabel(input.label) };
    mkdirSync(dirname(this.files.user), { recursive: true });
    // A line that does not end the file (a torn write) would swallow the new example: start afresh.
    const existing = existsSync(this.files.user) ? readFileSync(this.files.user, 'utf8') : '';
    const needsNewline = existing !== '' && !existing.endsWith('\n');
    const line = `${needsNewline ? '\n' : ''}${JSON.stringify({ text: example.text, label: example.label, added_at: new Date().toISOString() })}\n`;
    const fd = openSync(this.files.user, 'a');
    try {
      writeSync(fd, line);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return example;
  }

  report(): DatasetReport {
    const shipped = this.shipped();
    const user = readExamples(this.files.user);
    const all = [...shipped.examples, ...user.examples];
    const unique = dedupe(all);
    const labelsByText = new Map<string, Set<SignalLabel>>();
    for (const example of all) {
      const labels = labelsByText.get(example.text) ?? new Set<SignalLabel>();
      labels.add(example.label);
      labelsByText.set(example.text, labels);
    }
    const counts = Object.fromEntries(SIGNAL_LABELS.map((label) => [label, 0])) as Record<
      SignalLabel,
      number
    >;
    for (const example of unique) counts[example.label] += 1;
    return {
      size: unique.length,
      class_counts: counts,
      shipped: { file: this.files.shipped, examples: shipped.examples.length },
      user: { file: this.files.user, examples: user.examples.length, invalid_lines: user.invalid },
      duplicates: all.length - unique.length,
      conflicts: [...labelsByText.values()].filter((labels) => labels.size > 1).length,
    };
  }
}
