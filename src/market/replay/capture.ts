/**
 * Reading recorded Binance captures (SOURCES.md): hftbacktest files (`<recv_ts_ns> <json>`, gzip)
 * and cryptofeed files (`<recv_ts_s>: <json>` after a URL header line). Depth updates and REST
 * snapshots are skipped before parsing: ticks only need trades and the top of book.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { ValidationError } from '../../shared/errors.js';
import { type BinancePayload, BinanceTickBuilder } from '../binance.js';
import type { Tick } from '../tick.js';

export interface CaptureRecord {
  /** Local receive time, epoch ms with sub-ms precision: the order messages arrived in. */
  receivedAtMs: number;
  /** Combined-stream name, e.g. `btcusdt@trade`. */
  stream: string;
  data: BinancePayload;
}

/** Read a capture file (gzip or plain text) into records in file order. */
export function readCapture(file: string): CaptureRecord[] {
  let raw: Buffer;
  try {
    raw = readFileSync(file);
  } catch (error) {
    throw ValidationError.forField('REPLAY_FILES', `cannot read ${file}: ${(error as Error).message}`);
  }
  const text = (raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw).toString('utf8');
  return parseCaptureText(text);
}

export function parseCaptureText(text: string): CaptureRecord[] {
  const records: CaptureRecord[] = [];
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const record = parseCaptureLine(text, start, end);
    if (record) records.push(record);
    start = end + 1;
  }
  return records;
}

/** Parse `text[start, end)` as one capture line; null for headers, depth and snapshot lines. */
export function parseCaptureLine(text: string, start: number, end: number): CaptureRecord | null {
  const space = text.indexOf(' ', start);
  if (space === -1 || space >= end) return null;
  const jsonStart = space + 1;
  // Only combined-stream envelopes are ticks; depth payloads are large and unused here.
  if (!text.startsWith('{"stream":"', jsonStart)) return null;
  const streamEnd = text.indexOf('"', jsonStart + 11);
  const stream = text.slice(jsonStart + 11, streamEnd);
  if (stream.includes('@depth') || stream.includes('@kline')) return null;
  const receivedAtMs = parseReceiveTime(text, start, space);
  if (!Number.isFinite(receivedAtMs)) return null;
  let envelope: { data?: BinancePayload };
  try {
    envelope = JSON.parse(text.slice(jsonStart, end)) as { data?: BinancePayload };
  } catch {
    return null;
  }
  if (!envelope.data || typeof envelope.data !== 'object') return null;
  return { receivedAtMs, stream, data: envelope.data };
}

function parseReceiveTime(text: string, start: number, space: number): number {
  if (text.charCodeAt(space - 1) === 0x3a /* ':' */) {
    // cryptofeed: seconds with a fraction, followed by a colon.
    return Number(text.slice(start, space - 1)) * 1000;
  }
  // hftbacktest: nanoseconds, beyond the exact range of a double; split off the sub-ms digits.
  const digits = space - start;
  if (digits <= 6) return Number.NaN;
  return Number(text.slice(start, space - 6)) + Number(text.slice(space - 6, space)) / 1e6;
}

/**
 * Records of several files in the order they were received (a stable merge, so file order wins
 * on ties), turned into ticks. Files of one symbol that continue each other (BTC 08-08, 08-09)
 * share one top-of-book state.
 */
export function capturesToTicks(
  recordsByFile: readonly CaptureRecord[][],
  symbols?: ReadonlySet<string>,
): Tick[] {
  const merged = recordsByFile.length === 1 ? recordsByFile[0]! : recordsByFile.flat().sort(byReceiveTime);
  const builder = new BinanceTickBuilder();
  const ticks: Tick[] = [];
  for (const record of merged) {
    const tick = builder.apply(record.data, record.receivedAtMs);
    if (tick && (!symbols || symbols.has(tick.symbol))) ticks.push(tick);
  }
  return ticks;
}

function byReceiveTime(a: CaptureRecord, b: CaptureRecord): number {
  return a.receivedAtMs - b.receivedAtMs;
}

/** Read and convert capture files in one step. */
export function loadCaptureTicks(files: readonly string[], symbols?: ReadonlySet<string>): Tick[] {
  return capturesToTicks(files.map(readCapture), symbols);
}
