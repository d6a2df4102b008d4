/** Shapes of the REST answers the panel reads (see GET /docs/json of a running LeviBot). */
import type { LeviBotEvent, PortfolioSnapshot, Severity } from '@levibot/client';

export type { LeviBotEvent, PortfolioSnapshot, PositionView, Severity, Tick } from '@levibot/client';

export const SEVERITIES: Severity[] = ['debug', 'info', 'warning', 'error', 'critical'];

export interface EventsPage {
  events: LeviBotEvent[];
  next_cursor: number | null;
}

export interface EventsQuery {
  event_type?: string[];
  symbol?: string;
  trace_id?: string;
  q?: string;
  severity?: Severity | '';
  days?: number;
  since_iso?: string;
  limit?: number;
  before_id?: number;
  after_id?: number;
  order?: 'asc' | 'desc';
}

export interface TraceStory {
  trace_id: string;
  count: number;
  first_ts: string;
  last_ts: string;
  duration_ms: number;
  events: LeviBotEvent[];
}

export interface StatsAnswer {
  days: number;
  total: number;
  by_event_type: Record<string, number>;
  top_symbols: { symbol: string; count: number }[];
}

export type AnalyticsInterval = '1m' | '5m' | '15m' | '1h';

export interface TimeseriesAnswer {
  interval: AnalyticsInterval;
  days: number;
  buckets: { t: string; count: number }[];
}

export interface TopTrace {
  trace_id: string;
  count: number;
  first_ts: string;
  last_ts: string;
  duration_ms: number;
  event_types: string[];
  symbol: string | null;
}

export interface FeedStatus {
  kind: string;
  requested: string;
  replay: boolean;
  status: string;
  symbols: string[];
  ticks: number;
  last_tick_ts: string | null;
  fallback_reason?: string;
}

export interface StatusAnswer {
  version: string;
  uptime_s: number;
  running: boolean;
  running_since: string | null;
  store: { kind: string; events: number; last_id: number };
  feed?: FeedStatus;
  paper?: { equity: number; positions: number; open_orders: number; policy: string; kill_switch: boolean };
}

export interface KillSwitchState {
  on: boolean;
  reason: string | null;
  since: string | null;
}

export interface RiskPolicyAnswer {
  name: string;
  sl_atr: number;
  tp_atr: number;
  min_notional: number;
  max_notional: number;
  max_daily_loss: number;
  kill_switch: KillSwitchState;
  policies: Record<string, { name: string; sl_atr: number; tp_atr: number; cooldown_s: number }>;
}

export interface PortfolioAnswer extends PortfolioSnapshot {
  initial_cash: number;
  fees_paid: number;
  max_drawdown: number;
  kill_switch: KillSwitchState;
  open_orders: number;
}

export interface EquityPoint {
  ts: string;
  equity: number;
  cash: number;
  realized_pnl: number;
  unrealized_pnl: number;
}

export interface ConfigAnswer {
  settings: Record<string, unknown>;
  tunable: string[];
}

export type SignalLabel = 'BUY' | 'SELL' | 'NO-TRADE';
export const SIGNAL_LABELS: SignalLabel[] = ['BUY', 'SELL', 'NO-TRADE'];

export interface ExtractedFields {
  symbols: string[];
  side: 'BUY' | 'SELL' | null;
  entry: number[] | null;
  tps: number[];
  sl: number | null;
  leverage: number | null;
  size: number | null;
}

export interface ScoredSignal {
  label: SignalLabel;
  confidence: number;
  reasons: string[];
  fe: ExtractedFields;
}

export interface RouteDecision {
  symbol: string;
  market: string | null;
  decision: 'executed' | 'dry_run' | 'skipped';
  reason: string;
}

export interface IngestAnswer extends ScoredSignal {
  trace_id: string;
  routed: boolean;
  route: RouteDecision[];
}

export interface Candle {
  /** Window start, epoch ms. */
  t: number;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
  n: number;
}

export type CandleInterval = '1s' | '1m' | '5m';

export interface CandlesAnswer {
  symbol: string;
  interval: CandleInterval;
  candles: Candle[];
}

export interface SymbolsAnswer {
  symbols: string[];
  configured: string[];
  feed: FeedStatus;
}
