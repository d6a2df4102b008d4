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
  const dataStart = text.indexOf('"data":{', streamEnd);
  let data = dataStart !== -1 && dataStart < end ? scanFlatObject(text, dataStart + 7, end) : null;
  if (data === null) {
    // Shapes the scanner does not take (escapes, nested values): the general parser.
    try {
      data = (JSON.parse(text.slice(jsonStart, end)) as { data?: BinancePayload }).data ?? null;
    } catch {
      return null;
    }
  }
  if (!data || typeof data !== 'object') return null;
  return { receivedAtMs, stream, data };
}

/**
 * Read a flat JSON object (string, number, boolean and null values) starting at `text[at] === '{'`.
 * Trade and bookTicker payloads are such objects; reading them directly is several times faster
 * than JSON.parse of the whole line, which matters when a replay starts. Returns null for
 * anything else (nested values, escapes), and the caller falls back to JSON.parse.
 */
function scanFlatObject(text: string, at: number, end: number): BinancePayload | null {
  // One fixed shape for every payload keeps property access monomorphic downstream.
  const out: BinancePayload = {
    e: undefined,
    E: undefined,
    s: undefined,
    T: undefined,
    p: undefined,
    q: undefined,
    m: undefined,
    b: undefined,
    B: undefined,
    a: undefined,
    A: undefined,
  };
  let i = at + 1;
  while (i < end) {
    let c = text.charCodeAt(i);
    if (c === 0x7d /* } */) return out;
    if (c === 0x2c /* , */) {
      i++;
      continue;
    }
    if (c !== 0x22 /* " */) return null;
    const keyEnd = text.indexOf('"', i + 1);
    if (keyEnd === -1 || text.charCodeAt(keyEnd + 1) !== 0x3a /* : */) return null;
    const key = keyEnd === i + 2 ? text[i + 1]! : '';
    i = keyEnd + 2;
    c = text.charCodeAt(i);
    let value: string | number | boolean | null;
    if (c === 0x22) {
      const valueEnd = text.indexOf('"', i + 1);
      if (valueEnd === -1) return null;
      value = text.slice(i + 1, valueEnd);
      if (value.includes('\\')) return null;
      i = valueEnd + 1;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      return null;
    } else {
      let valueEnd = i;
      while (valueEnd < end) {
        const v = text.charCodeAt(valueEnd);
        if (v === 0x2c || v === 0x7d) break;
        valueEnd++;
      }
      const raw = text.slice(i, valueEnd);
      if (raw === 'true') value = true;
      else if (raw === 'false') value = false;
      else if (raw === 'null') value = null;
      else {
        value = Number(raw);
        if (raw === '' || !Number.isFinite(value)) return null;
      }
      i = valueEnd;
    }
    // Binance payload keys are single letters; only the ones ticks need are kept.
    switch (key) {
      case 'e':
      case 's':
      case 'p':
      case 'q':
      case 'B':
      case 'A':
        if (typeof value === 'string') out[key] = value;
        break;
      case 'E':
      case 'T':
        if (typeof value === 'number') out[key] = value;
        break;
      case 'm':
        if (typeof value === 'boolean') out.m = value;
        break;
      case 'b':
      case 'a':
        out[key] = value;
        break;
    }
  }
  return null;
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
