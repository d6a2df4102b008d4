/** Parsing of the query parameters that several routes share. */
import { isSeverity, parseIsoTime, SEVERITIES, type Severity } from '../events/index.js';
import type { EventFilter } from '../events/index.js';
import { ValidationError } from '../shared/errors.js';
import { normalizeSymbol } from '../shared/symbols.js';

const DAY_MS = 86_400_000;
const EVENT_TYPE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function parseCsv(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

export function parseEventTypes(field: string, value: string | undefined): string[] | undefined {
  const types = parseCsv(value).map((type) => type.toUpperCase());
  for (const type of types) {
    if (!EVENT_TYPE.test(type))
      throw ValidationError.forField(field, `"${type}" is not an UPPER_SNAKE event type`);
  }
  return types.length > 0 ? types : undefined;
}

export function parseIsoParam(field: string, value: string): number {
  const ms = parseIsoTime(value);
  if (!Number.isFinite(ms))
    throw ValidationError.forField(field, 'must be an ISO-8601 date-time such as 2024-08-09T00:00:00Z');
  return ms;
}

export function parseSeverity(field: string, value: string | undefined): Severity | undefined {
  if (value === undefined || value === '') return undefined;
  const lower = value.toLowerCase();
  if (!isSeverity(lower)) throw ValidationError.forField(field, `must be one of ${SEVERITIES.join(', ')}`);
  return lower;
}

export function parseSymbol(field: string, value: string | undefined): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const symbol = normalizeSymbol(value);
  if (!/^[A-Z0-9]{1,20}(?:\/[A-Z0-9]{1,12})?$/.test(symbol)) {
    throw ValidationError.forField(field, 'must look like BTC/USDT or BTCUSDT');
  }
  return symbol;
}

export interface TimeWindowParams {
  since_iso?: string | undefined;
  until_iso?: string | undefined;
  day?: string | undefined;
  days?: number | undefined;
}

/** since/until from `since_iso`/`until_iso`, or a UTC `day`, or the last `days` days. */
export function parseTimeWindow(
  params: TimeWindowParams,
  now = Date.now(),
): { sinceMs: number; untilMs?: number } {
  let untilMs = params.until_iso !== undefined ? parseIsoParam('until_iso', params.until_iso) : undefined;
  let sinceMs: number;
  if (params.since_iso !== undefined) {
    sinceMs = parseIsoParam('since_iso', params.since_iso);
  } else if (params.day !== undefined) {
    const dayStart = DAY.test(params.day) ? Date.parse(`${params.day}T00:00:00Z`) : Number.NaN;
    if (!Number.isFinite(dayStart)) throw ValidationError.forField('day', 'must be a date YYYY-MM-DD');
    sinceMs = dayStart;
    untilMs = Math.min(untilMs ?? Infinity, dayStart + DAY_MS);
  } else {
    sinceMs = now - (params.days ?? 1) * DAY_MS;
  }
  if (untilMs !== undefined && untilMs <= sinceMs) {
    throw ValidationError.forField('until_iso', 'must be later than the start of the window');
  }
  return untilMs === undefined ? { sinceMs } : { sinceMs, untilMs };
}

export interface StreamFilterParams {
  event_type?: string | undefined;
  symbol?: string | undefined;
  trace_id?: string | undefined;
  q?: string | undefined;
  severity?: string | undefined;
}

/** The filters shared by GET /events and the live streams. */
export function parseEventFilter(params: StreamFilterParams): EventFilter {
  const filter: EventFilter = {};
  const eventTypes = parseEventTypes('event_type', params.event_type);
  if (eventTypes) filter.eventTypes = eventTypes;
  const symbol = parseSymbol('symbol', params.symbol);
  if (symbol) filter.symbol = symbol;
  if (params.trace_id !== undefined && params.trace_id !== '') {
    if (!/^[A-Za-z0-9_.:-]{1,128}$/.test(params.trace_id)) {
      throw ValidationError.forField('trace_id', 'must be 1-128 characters of letters, digits and _.:-');
    }
    filter.traceId = params.trace_id;
  }
  if (params.q !== undefined && params.q.trim() !== '') {
    if (params.q.length > 500) throw ValidationError.forField('q', 'must be at most 500 characters');
    filter.q = params.q;
  }
  const severity = parseSeverity('severity', params.severity);
  if (severity) filter.minSeverity = severity;
  return filter;
}
