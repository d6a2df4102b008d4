/**
 * What other domains need from paper trading: placing orders (the signal auto-router) and reading
 * the portfolio (gateway `portfolio` channel, SSE /stream/portfolio, panel). The trading domain
 * implements both.
 */
import type { EventInput } from '../events/model.js';
export type OrderSide = 'buy' | 'sell';
export type OrderType = 'market' | 'limit';

export interface OrderRequest {
  symbol: string;
  side: OrderSide;
  /** @default 'market' */
  type?: OrderType;
  /** Size in quote currency; give this or `qty`. Clamped by the risk policy's min/max notional. */
  notional_usd?: number;
  qty?: number;
  /** Limit price (limit orders). */
  price?: number;
  /** Stop-loss / take-profit prices; when absent the risk policy derives them from ATR. */
  sl?: number;
  tp?: number;
  trace_id?: string;
  /** Who placed it (api, router, telegram, panel...). */
  source?: string;
}

export type OrderOutcome =
  | {
      status: 'accepted';
      order_id: string;
      notional_usd: number;
      qty: number;
      sl: number | null;
      tp: number | null;
    }
  | { status: 'rejected' | 'blocked'; reason: string };

export interface PlaceOrderOptions {
  /**
   * Build an event from the outcome to record just before the order's own events (ORDER_NEW,
   * fills, ...), or null for none. The signal router records its AUTO_ROUTE_EXECUTED decision
   * this way, so that a trace reads in causal order: decision, then order.
   */
  announce?: (outcome: OrderOutcome) => EventInput | null;
}

export interface OrderPort {
  placeOrder(request: OrderRequest, options?: PlaceOrderOptions): Promise<OrderOutcome>;
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

export interface PortfolioSource {
  portfolio(): PortfolioSnapshot;
}
