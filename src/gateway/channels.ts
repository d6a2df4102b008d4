/**
 * The channels of the /ws protocol, and the one place that says which event type goes to which
 * channel. Every catalogue type must be mapped (the compiler checks it); `events` carries every
 * event, catalogued or not.
 */
import type { CatalogueEventType } from '../events/catalogue.js';
import { ValidationError } from '../shared/errors.js';
import { normalizeSymbol } from '../shared/symbols.js';

/** Channels fed by stored events: resumable with since_id, filterable. */
export type EventChannelName = 'events' | 'signals' | 'orders' | 'positions' | 'alerts' | 'status';

/** The channel of each catalogue event type besides `events` (null: only on `events`). */
export const EVENT_TYPE_CHANNEL: Record<CatalogueEventType, Exclude<EventChannelName, 'events'> | null> = {
  SIGNAL_INGEST: 'signals',
  SIGNAL_SCORED: 'signals',
  AUTO_ROUTE_DRYRUN: 'signals',
  AUTO_ROUTE_EXECUTED: 'signals',
  AUTO_ROUTE_SKIPPED: 'signals',
  DS_APPEND: 'signals',
  MODEL_TRAINED: 'signals',
  ORDER_NEW: 'orders',
  ORDER_PARTIAL_FILL: 'orders',
  ORDER_FILLED: 'orders',
  ORDER_REJECTED: 'orders',
  ORDER_CANCELED: 'orders',
  RISK_SLTP: 'positions',
  POSITION_OPENED: 'positions',
  POSITION_CLOSED: 'positions',
  ALERT_TRIGGERED: 'alerts',
  ALERT_SENT: 'alerts',
  ALERT_FAILED: 'alerts',
  RISK_BLOCKED: 'status',
  KILL_SWITCH: 'status',
  RISK_POLICY_CHANGED: 'status',
  RISK_DAILY_RESET: 'status',
  FEED_STATUS: 'status',
  CONFIG_CHANGED: 'status',
  BOT_STARTED: 'status',
  BOT_STOPPED: 'status',
  EQUITY_SNAPSHOT: null,
};

function typesOf(channel: EventChannelName): readonly string[] | null {
  if (channel === 'events') return null;
  return Object.entries(EVENT_TYPE_CHANNEL)
    .filter(([, mapped]) => mapped === channel)
    .map(([type]) => type);
}

export type Channel =
  | { kind: 'events'; name: EventChannelName; eventTypes: readonly string[] | null }
  | { kind: 'ticks'; name: string; symbol: string }
  | { kind: 'portfolio'; name: 'portfolio' }
  | { kind: 'metrics'; name: 'metrics' };

const EVENT_CHANNELS: Record<EventChannelName, Channel & { kind: 'events' }> = {
  events: { kind: 'events', name: 'events', eventTypes: null },
  signals: { kind: 'events', name: 'signals', eventTypes: typesOf('signals') },
  orders: { kind: 'events', name: 'orders', eventTypes: typesOf('orders') },
  positions: { kind: 'events', name: 'positions', eventTypes: typesOf('positions') },
  alerts: { kind: 'events', name: 'alerts', eventTypes: typesOf('alerts') },
  status: { kind: 'events', name: 'status', eventTypes: typesOf('status') },
};

export const CHANNEL_DESCRIPTIONS: Record<string, string> = {
  events: 'Every stored event; filters event_type, symbol, q, severity, trace_id; resumable with since_id',
  signals: 'Signal ingest, scoring and auto-routing events; filterable, resumable',
  orders: 'Paper order events; filterable, resumable',
  positions: 'Position and stop-loss / take-profit events; filterable, resumable',
  alerts: 'Alert rule matches and deliveries; filterable, resumable',
  status: 'Bot, kill-switch, risk policy, market feed and configuration changes; filterable, resumable',
  portfolio: 'Portfolio snapshot (equity, PnL, positions) on subscribe and then periodically; live only',
  metrics: 'Server metrics (connections, messages, drops, memory) periodically; live only',
  'ticks:<SYMBOL>':
    'Market ticks of one symbol (ticks:BTC/USDT), or of every symbol (ticks:*); live only, conflated',
};

const SYMBOL_PATTERN = /^[A-Z0-9]{1,20}(?:\/[A-Z0-9]{1,12})?$/;

/** Resolve a channel name from a client; `field` names it in the error (`channels[2]`). */
export function parseChannel(name: unknown, field: string): Channel {
  if (typeof name !== 'string' || name === '')
    throw ValidationError.forField(field, 'must be a channel name');
  if (Object.hasOwn(EVENT_CHANNELS, name)) return EVENT_CHANNELS[name as EventChannelName];
  if (name === 'portfolio') return { kind: 'portfolio', name };
  if (name === 'metrics') return { kind: 'metrics', name };
  if (name.startsWith('ticks:')) {
    const raw = name.slice('ticks:'.length);
    if (raw === '*') return { kind: 'ticks', name: 'ticks:*', symbol: '*' };
    const symbol = normalizeSymbol(raw);
    if (!SYMBOL_PATTERN.test(symbol)) {
      throw ValidationError.forField(
        field,
        `"${name}" names no symbol; use ticks:BTC/USDT, ticks:BTCUSDT or ticks:*`,
      );
    }
    return { kind: 'ticks', name: `ticks:${symbol}`, symbol };
  }
  throw ValidationError.forField(
    field,
    `unknown channel "${name.slice(0, 80)}"; channels are ${Object.keys(CHANNEL_DESCRIPTIONS).join(', ')}`,
  );
}

/** The metric label of a channel: `ticks:BTC/USDT` counts under `ticks` to keep label sets small. */
export function channelFamily(name: string): string {
  return name.startsWith('ticks:') ? 'ticks' : name;
}
