/**
 * The paper account's state as the engine keeps it and the state store saves it: orders,
 * positions and the account. Plain data (JSON-safe), so that a restart restores it exactly.
 */
import type { OrderSide, OrderType } from './port.js';

export type OrderStatus = 'open' | 'filled' | 'cancelled';

/** Why an order exists: placed by a user or a signal, or made by the engine to close a position. */
export type OrderPurpose = 'entry' | 'manual_close' | 'stop_loss' | 'take_profit';

export interface PaperOrder {
  order_id: string;
  symbol: string;
  side: OrderSide;
  type: OrderType;
  /** Ordered quantity (base currency). */
  qty: number;
  filled_qty: number;
  /** Average fill price (0 before the first fill). */
  avg_price: number;
  /** Limit price; null for market orders. */
  price: number | null;
  fees: number;
  status: OrderStatus;
  /** Notional after the risk clamp, at the reference price of placement. */
  notional_usd: number;
  /** Stop-loss / take-profit given with the order (absolute prices). */
  sl: number | null;
  tp: number | null;
  /** ATR-derived distances, applied from the actual entry price when the position opens. */
  sl_distance: number | null;
  tp_distance: number | null;
  /** Only reduces a position (the engine's closing orders). */
  reduce_only: boolean;
  purpose: OrderPurpose;
  /** A limit order that was not marketable when placed rests on the book and fills as maker. */
  resting: boolean;
  trace_id: string;
  source: string;
  created_at: number;
  updated_at: number;
  cancel_reason?: string;
}

export interface PaperPosition {
  symbol: string;
  /** Signed: > 0 long, < 0 short. */
  qty: number;
  entry_price: number;
  sl: number | null;
  tp: number | null;
  /** Last price the position was marked at (bid for a long, ask for a short). */
  mark_price: number;
  unrealized_pnl: number;
  /** Fees paid to open the quantity still held. */
  open_fees: number;
  /** Over the position's life: quantity closed, exit value, gross PnL and fees of the closed part. */
  closed_qty: number;
  exit_value: number;
  closed_gross_pnl: number;
  closed_fees: number;
  /** Largest absolute size reached. */
  max_qty: number;
  opened_at: number;
  trace_id: string;
  /** The engine's order that is closing it (SL/TP/manual), if any. */
  closing_order_id: string | null;
}

export interface KillSwitchState {
  on: boolean;
  reason: string | null;
  since: number | null;
}

export interface PaperAccount {
  initial_cash: number;
  cash: number;
  /** Closed gross PnL minus every fee paid. */
  realized_pnl: number;
  fees_paid: number;
  peak_equity: number;
  max_drawdown: number;
  /** Start of the current trading day (UTC midnight, or the last daily reset) and its equity. */
  day_start: number;
  day_start_equity: number;
  /** The daily-loss limit fired this day; it fires once until the day rolls or is reset. */
  daily_loss_tripped: boolean;
  kill_switch: KillSwitchState;
  next_order_seq: number;
  next_snapshot_at: number;
  /** Last order or close per symbol: the start of its cooldown. */
  last_activity: Record<string, number>;
  /** Time of the latest tick: the engine clock of replays and backtests. */
  market_ts: number;
}

export interface EquityPoint {
  ts: number;
  equity: number;
  cash: number;
  realized_pnl: number;
  unrealized_pnl: number;
}

/** What a restart restores. */
export interface EngineState {
  account: PaperAccount;
  positions: PaperPosition[];
  /** Open orders only; finished ones are history in the state store. */
  open_orders: PaperOrder[];
}

/** What changed since the state store last saved. */
export interface StateChanges {
  account: PaperAccount;
  positions: PaperPosition[];
  orders: PaperOrder[];
  equity: EquityPoint[];
}

/** The kill-switch as the API shows it. */
export interface KillSwitchView {
  on: boolean;
  reason: string | null;
  since: string | null;
}

/** Account figures beyond the PortfolioSource contract (GET /paper/portfolio). */
export interface AccountView {
  initial_cash: number;
  fees_paid: number;
  peak_equity: number;
  max_drawdown: number;
  day_start: string | null;
  day_start_equity: number;
  kill_switch: KillSwitchView;
  open_orders: number;
}
