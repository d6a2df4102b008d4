/**
 * The /ws channel protocol: validation of client frames, and the filters shared with /ws/events
 * and /stream/events. Every rejection names the offending field (`channels[1]`,
 * `filters.severity`, `since_id`).
 */
import type { EventFilter, Severity } from '../events/index.js';
import { parseEventFilter, type StreamFilterParams } from '../http/query.js';
import { ValidationError } from '../shared/errors.js';
import { type Channel, parseChannel } from './channels.js';

/** Filters as the client sees them echoed in hello / subscribed / subscriptions frames. */
export interface FilterView {
  event_type?: string[];
  symbol?: string;
  q?: string;
  severity?: Severity;
  trace_id?: string;
}

export function filterView(filter: EventFilter): FilterView {
  const view: FilterView = {};
  if (filter.eventTypes) view.event_type = [...filter.eventTypes];
  if (filter.symbol !== undefined) view.symbol = filter.symbol;
  if (filter.q !== undefined) view.q = filter.q;
  if (filter.minSeverity !== undefined) view.severity = filter.minSeverity;
  if (filter.traceId !== undefined) view.trace_id = filter.traceId;
  return view;
}

const FILTER_KEYS = new Set(['event_type', 'symbol', 'q', 'severity', 'trace_id']);

/** Re-throw a ValidationError with its field under `prefix` (`severity` → `filters.severity`). */
function under<T>(prefix: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof ValidationError && error.field) {
      throw new ValidationError(`${prefix}.${error.message}`, `${prefix}.${error.field}`);
    }
    throw error;
  }
}

/** `since_id` / `Last-Event-ID`: a non-negative integer, or absent. */
export function parseSinceId(field: string, raw: unknown): number | null {
  if (raw === undefined || raw === null || raw === '') return null;
  const value =
    typeof raw === 'number'
      ? raw
      : typeof raw === 'string' && /^\d{1,16}$/.test(raw.trim())
        ? Number(raw)
        : NaN;
  if (!Number.isSafeInteger(value) || value < 0)
    throw ValidationError.forField(field, 'must be a non-negative integer event id');
  return value;
}

function parseFilters(raw: unknown): EventFilter {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw))
    throw ValidationError.forField('filters', 'must be an object');
  const params: StreamFilterParams = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!FILTER_KEYS.has(key)) {
      throw ValidationError.forField(
        `filters.${key}`,
        `unknown filter; filters are ${[...FILTER_KEYS].join(', ')}`,
      );
    }
    if (key === 'event_type' && Array.isArray(value)) {
      if (!value.every((item) => typeof item === 'string')) {
        throw ValidationError.forField('filters.event_type', 'must be a string or a list of strings');
      }
      params.event_type = value.join(',');
      continue;
    }
    if (value !== null && typeof value !== 'string')
      throw ValidationError.forField(`filters.${key}`, 'must be a string');
    if (value !== null) params[key as keyof StreamFilterParams] = value;
  }
  return under('filters', () => parseEventFilter(params));
}

/** The filter a subscription uses: the channel's event types narrowed by the client's. */
export function channelFilter(channel: Channel & { kind: 'events' }, filter: EventFilter): EventFilter {
  if (channel.eventTypes === null) return filter;
  if (!filter.eventTypes) return { ...filter, eventTypes: channel.eventTypes };
  const carried = new Set(channel.eventTypes);
  const eventTypes = filter.eventTypes.filter((type) => carried.has(type));
  if (eventTypes.length === 0) {
    throw ValidationError.forField(
      'filters.event_type',
      `channel ${channel.name} carries none of ${filter.eventTypes.join(', ')}; it carries ${channel.eventTypes.join(', ')}`,
    );
  }
  return { ...filter, eventTypes };
}

export type ClientFrame =
  | { type: 'subscribe'; channels: Channel[]; filter: EventFilter; sinceId: number | null }
  | { type: 'unsubscribe'; channels: Channel[] }
  | { type: 'ping'; id?: string | number }
  | { type: 'get_subscriptions' };

export const CLIENT_FRAME_TYPES = ['subscribe', 'unsubscribe', 'ping', 'get_subscriptions'] as const;

/** Thrown for text that is not JSON: answered with an `invalid_json` error frame. */
export class InvalidJsonError extends Error {}

function parseChannels(raw: unknown): Channel[] {
  const list = typeof raw === 'string' ? [raw] : raw;
  if (!Array.isArray(list) || list.length === 0) {
    throw ValidationError.forField('channels', 'must be a non-empty list of channel names');
  }
  const channels = list.map((name, index) => parseChannel(name, `channels[${index}]`));
  return channels.filter(
    (channel, index) => channels.findIndex((other) => other.name === channel.name) === index,
  );
}

export function parseClientFrame(text: string): ClientFrame {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new InvalidJsonError(`frame is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw ValidationError.forField('frame', 'must be a JSON object with a "type"');
  }
  const frame = raw as Record<string, unknown>;
  switch (frame.type) {
    case 'subscribe': {
      const channels = parseChannels(frame.channels);
      const filter = parseFilters(frame.filters);
      const sinceId = parseSinceId('since_id', frame.since_id);
      const liveOnly = channels.find((channel) => channel.kind !== 'events');
      if (liveOnly && sinceId !== null) {
        throw ValidationError.forField('since_id', `channel ${liveOnly.name} is live only and cannot resume`);
      }
      if (liveOnly && Object.keys(filter).length > 0) {
        throw ValidationError.forField('filters', `channel ${liveOnly.name} takes no filters`);
      }
      return { type: 'subscribe', channels, filter, sinceId };
    }
    case 'unsubscribe':
      return { type: 'unsubscribe', channels: parseChannels(frame.channels) };
    case 'ping': {
      const id = frame.id;
      if (id !== undefined && typeof id !== 'string' && typeof id !== 'number') {
        throw ValidationError.forField('id', 'must be a string or a number');
      }
      return id === undefined ? { type: 'ping' } : { type: 'ping', id };
    }
    case 'get_subscriptions':
      return { type: 'get_subscriptions' };
    default:
      throw ValidationError.forField(
        'type',
        `${frame.type === undefined ? 'is required' : `unknown frame type ${JSON.stringify(frame.type).slice(0, 60)}`}; types are ${CLIENT_FRAME_TYPES.join(', ')}`,
      );
  }
}
