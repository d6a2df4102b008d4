/**
 * The event model: what a stored event looks like and how raw input becomes one.
 *
 * Validation is hand-written rather than schema-compiled because it sits on the append hot path
 * (hundreds of thousands of events per second) and must name the exact offending field, including
 * its index inside a batch (`events[3].ts`).
 */
import { ValidationError } from '../shared/errors.js';
import { normalizeSymbol } from '../shared/symbols.js';

export const SEVERITIES = ['debug', 'info', 'warning', 'error', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

const SEVERITY_RANK: Record<Severity, number> = { debug: 0, info: 1, warning: 2, error: 3, critical: 4 };

export function severityRank(severity: Severity): number {
  return SEVERITY_RANK[severity];
}

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && Object.hasOwn(SEVERITY_RANK, value);
}

export function severityFromRank(rank: number): Severity {
  return SEVERITIES[rank] ?? 'info';
}

/** Largest accepted payload, measured as UTF-8 bytes of its JSON text. */
export const MAX_PAYLOAD_BYTES = 64 * 1024;

export type EventPayload = Record<string, unknown>;

/** An event as stored and as every API returns it. */
export interface StoredEvent {
  id: number;
  ts: string;
  event_type: string;
  severity: Severity;
  symbol?: string;
  trace_id?: string;
  source: string;
  payload: EventPayload;
}

/** What a producer supplies; the store assigns `id`, `ts` defaults to now. */
export interface EventInput {
  ts?: string | undefined;
  event_type: string;
  severity?: Severity | undefined;
  symbol?: string | undefined;
  trace_id?: string | undefined;
  source?: string | undefined;
  payload?: EventPayload | undefined;
}

/** A validated event ready for the store: normalised fields, epoch-ms time, payload serialised once. */
export interface NewEvent {
  tsMs: number;
  eventType: string;
  severity: Severity;
  symbol: string | null;
  traceId: string | null;
  source: string;
  payload: EventPayload;
  payloadJson: string;
}

const EVENT_TYPE_PATTERN = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;
const ISO_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?$/i;
const SYMBOL_PATTERN = /^[A-Z0-9]{1,20}(?:\/[A-Z0-9]{1,12})?$/;
const TRACE_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;
const SOURCE_PATTERN = /^[A-Za-z0-9_.:/-]{1,64}$/;

/**
 * Parse an ISO-8601 date-time into epoch ms. A value without a zone designator is read as UTC.
 * Returns NaN when the text is not ISO-8601 or names an impossible date.
 */
export function parseIsoTime(text: string): number {
  if (!ISO_PATTERN.test(text)) return Number.NaN;
  const hasZone = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(text.slice(10));
  return Date.parse(hasZone ? text : `${text}Z`);
}

/** Validate one raw input; `path` prefixes field names in error messages (e.g. `events[3]`). */
export function toNewEvent(raw: unknown, path = '', now: number = Date.now()): NewEvent {
  const at = (field: string) => (path ? `${path}.${field}` : field);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ValidationError(`${path || 'event'}: must be an object`, path || 'event');
  }
  const input = raw as Record<string, unknown>;

  const eventType = input.event_type;
  if (typeof eventType !== 'string' || !EVENT_TYPE_PATTERN.test(eventType) || eventType.length > 64) {
    throw ValidationError.forField(
      at('event_type'),
      'must be UPPER_SNAKE_CASE, 1-64 characters (e.g. ORDER_NEW)',
    );
  }

  let tsMs = now;
  if (input.ts !== undefined && input.ts !== null) {
    tsMs = typeof input.ts === 'string' ? parseIsoTime(input.ts) : Number.NaN;
    if (!Number.isFinite(tsMs)) {
      throw ValidationError.forField(at('ts'), 'must be an ISO-8601 date-time such as 2024-08-09T00:00:00Z');
    }
  }

  let severity: Severity = 'info';
  if (input.severity !== undefined && input.severity !== null) {
    if (!isSeverity(input.severity)) {
      throw ValidationError.forField(at('severity'), `must be one of ${SEVERITIES.join(', ')}`);
    }
    severity = input.severity;
  }

  let symbol: string | null = null;
  if (input.symbol !== undefined && input.symbol !== null && input.symbol !== '') {
    symbol = typeof input.symbol === 'string' ? normalizeSymbol(input.symbol) : '';
    if (!SYMBOL_PATTERN.test(symbol)) {
      throw ValidationError.forField(at('symbol'), 'must look like BASE/QUOTE (e.g. BTC/USDT) or BTCUSDT');
    }
  }

  let traceId: string | null = null;
  if (input.trace_id !== undefined && input.trace_id !== null && input.trace_id !== '') {
    if (typeof input.trace_id !== 'string' || !TRACE_ID_PATTERN.test(input.trace_id)) {
      throw ValidationError.forField(at('trace_id'), 'must be 1-128 characters of letters, digits and _.:-');
    }
    traceId = input.trace_id;
  }

  let source = 'api';
  if (input.source !== undefined && input.source !== null) {
    if (typeof input.source !== 'string' || !SOURCE_PATTERN.test(input.source)) {
      throw ValidationError.forField(at('source'), 'must be 1-64 characters of letters, digits and _.:/-');
    }
    source = input.source;
  }

  let payload: EventPayload = {};
  if (input.payload !== undefined && input.payload !== null) {
    if (typeof input.payload !== 'object' || Array.isArray(input.payload)) {
      throw ValidationError.forField(at('payload'), 'must be a JSON object');
    }
    payload = input.payload as EventPayload;
  }
  const payloadJson = JSON.stringify(payload);
  // Characters never outnumber UTF-8 bytes, and one character is at most 3 bytes in UTF-16 text,
  // so the exact byte count is only needed near the limit.
  if (payloadJson.length * 3 > MAX_PAYLOAD_BYTES && Buffer.byteLength(payloadJson) > MAX_PAYLOAD_BYTES) {
    throw ValidationError.forField(at('payload'), `must be at most ${MAX_PAYLOAD_BYTES} bytes of JSON`);
  }

  return { tsMs, eventType, severity, symbol, traceId, source, payload, payloadJson };
}

/** The columns both store adapters keep for an event. */
export interface EventRow {
  id: number;
  ts_ms: number;
  event_type: string;
  severity: number;
  symbol: string | null;
  trace_id: string | null;
  source: string;
  payload: string;
}

export function rowToEvent(row: EventRow): StoredEvent {
  return {
    id: row.id,
    ts: new Date(row.ts_ms).toISOString(),
    event_type: row.event_type,
    severity: severityFromRank(row.severity),
    symbol: row.symbol ?? undefined,
    trace_id: row.trace_id ?? undefined,
    source: row.source,
    payload: JSON.parse(row.payload) as EventPayload,
  };
}

/** Build the public shape of a stored event; optional fields are omitted when empty. */
export function toStoredEvent(id: number, event: NewEvent): StoredEvent {
  // Absent optional fields are `undefined`, which JSON.stringify omits; the key order stays stable.
  return {
    id,
    ts: new Date(event.tsMs).toISOString(),
    event_type: event.eventType,
    severity: event.severity,
    symbol: event.symbol ?? undefined,
    trace_id: event.traceId ?? undefined,
    source: event.source,
    payload: event.payload,
  };
}

/**
 * The text indexed for full-text search: event type plus payload, lower-cased with every run of
 * non-alphanumerics folded to one space. Both store adapters index exactly this text, so `q`
 * means the same on SQLite and PostgreSQL.
 */
export function searchText(eventType: string, payloadJson: string): string {
  return `${eventType} ${payloadJson.replace(/\\[nrtbf]/g, ' ')}`.toLowerCase().replace(NON_WORD, ' ');
}

const NON_WORD = /[^\p{L}\p{N}]+/gu;

/**
 * Split a user's `q` into search terms, each a list of words that must appear in order
 * (`BTC/USDT` → one term `btc usdt`). A trailing `*` asks for a prefix match on the last word.
 * Returns an empty list when `q` holds no word at all.
 */
export function searchTerms(q: string): { words: string[]; prefix: boolean }[] {
  const terms: { words: string[]; prefix: boolean }[] = [];
  for (const token of q.trim().split(/\s+/)) {
    const prefix = token.length > 1 && token.endsWith('*');
    const words = token.toLowerCase().replace(NON_WORD, ' ').trim();
    if (words) terms.push({ words: words.split(' '), prefix });
  }
  return terms;
}
