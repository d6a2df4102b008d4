/**
 * The wire format of LeviBot's /ws channel protocol, as TypeScript types. Server frames are a
 * discriminated union on `type`; channel messages have no `type` and carry `channel`.
 */

export type Severity = 'debug' | 'info' | 'warning' | 'error' | 'critical';

/** A stored LeviBot event, exactly as GET /events returns it. */
export interface LeviBotEvent {
  id: number;
  ts: string;
  event_type: string;
  severity: Severity;
  symbol?: string;
  trace_id?: string;
  source: string;
  payload: Record<string, unknown>;
}

export interface Tick {
  symbol: string;
  ts: number;
  /** null when the feed has no value yet (NaN on the server). */
  bid: number | null;
  ask: number | null;
  bidQty: number | null;
  askQty: number | null;
  last: number | null;
  qty: number;
  side: 'buy' | 'sell' | null;
}

export interface PositionView {
  symbol: string;
  side: 'long' | 'short';
  qty: number;
  entry_price: number;
  mark_price: number;
  unrealized_pnl: number;
  sl: number | null;
  tp: number | null;
  opened_at: string;
  trace_id?: string;
}

export interface PortfolioSnapshot {
  ts: string;
  equity: number;
  cash: number;
  realized_pnl: number;
  unrealized_pnl: number;
  daily_pnl: number;
  drawdown: number;
  positions: PositionView[];
}

export interface ServerMetrics {
  connections: { ws: number; ws_events: number; sse: number; total: number };
  subscriptions: Record<string, number>;
  messages_out: { ws: number; sse: number };
  dropped: { ws: number; sse: number };
  queued_bytes: number;
  rss_bytes: number;
  heap_used_bytes: number;
  uptime_s: number;
}

/** Channels fed by stored events: filterable and resumable. */
export type EventChannel = 'events' | 'signals' | 'orders' | 'positions' | 'alerts' | 'status';
export type Channel = EventChannel | 'portfolio' | 'metrics' | `ticks:${string}`;

/** Server-side filters of event channels; all optional, combined with AND. */
export interface Filters {
  /** Any of these event types (within the channel's types). */
  event_type?: string | string[];
  /** BTC/USDT or BTCUSDT. */
  symbol?: string;
  /** Full-text search over event type and payload. */
  q?: string;
  /** Minimum severity. */
  severity?: Severity;
  trace_id?: string;
}

/** An event delivered on an event channel. */
export interface EventMessage {
  channel: string;
  id: number;
  timestamp: string;
  event_type: string;
  data: LeviBotEvent;
}

/** A value on a live-only channel (tick, snapshot) or an admin broadcast (any channel). */
export interface LiveMessage<T, E extends string = string> {
  channel: string;
  id: null;
  timestamp: string;
  event_type: E;
  data: T;
}

export type BroadcastMessage = LiveMessage<unknown, 'BROADCAST'>;

/** What a handler of channel `C` receives (broadcasts go to the client's `broadcast` event). */
export type MessageOf<C extends string> = C extends EventChannel
  ? EventMessage
  : C extends 'portfolio'
    ? LiveMessage<PortfolioSnapshot, 'PORTFOLIO'>
    : C extends 'metrics'
      ? LiveMessage<ServerMetrics, 'METRICS'>
      : C extends `ticks:${string}`
        ? LiveMessage<Tick, 'TICK'>
        : never;

export type ServerFrame =
  | { type: 'connected'; client_id: string; server_time: string }
  | { type: 'subscribed'; channel: string; filters: Filters; last_id: number | null; since_id?: number }
  | { type: 'unsubscribed'; channel: string }
  | { type: 'pong'; server_time: string; id?: string | number }
  | { type: 'subscriptions'; subscriptions: { channel: string; filters: Filters; last_id: number | null }[] }
  | { type: 'error'; code: string; message: string; field?: string }
  | { type: 'gap'; channel: string; last_id: number };

export type ClientFrame =
  | { type: 'subscribe'; channels: string[]; filters?: Filters; since_id?: number }
  | { type: 'unsubscribe'; channels: string[] }
  | { type: 'ping'; id?: string | number }
  | { type: 'get_subscriptions' };

/** Close codes the server uses. */
export const CLOSE_CODES = {
  goingAway: 1001,
  tooBig: 1009,
  internalError: 1011,
  tryAgainLater: 1013,
  slowConsumer: 4008,
  badRequest: 4400,
  unauthorized: 4401,
} as const;
