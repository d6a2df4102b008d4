/**
 * Orders and closed positions read back from the trading events, so the Trades page shows what
 * the paper engine recorded (its own orders and every order in the store, demo data included).
 */
import type { LeviBotEvent } from '../api/types.js';

export const TRADE_EVENT_TYPES = [
  'ORDER_NEW',
  'ORDER_PARTIAL_FILL',
  'ORDER_FILLED',
  'ORDER_REJECTED',
  'POSITION_CLOSED',
];

export type OrderStatus = 'new' | 'partial' | 'filled' | 'rejected' | 'cancelled';

export interface OrderRow {
  key: string;
  order_id: string | null;
  ts: string;
  symbol: string;
  side: 'buy' | 'sell';
  type: string;
  qty: number | null;
  filled_qty: number;
  avg_price: number | null;
  fees: number;
  notional_usd: number | null;
  status: OrderStatus;
  purpose: string;
  reason: string | null;
  trace_id: string | null;
}

export interface ClosedPosition {
  id: number;
  ts: string;
  symbol: string;
  side: 'long' | 'short';
  qty: number;
  entry_price: number;
  exit_price: number;
  realized_pnl: number;
  fees: number;
  reason: string;
  held_s: number | null;
  trace_id: string | null;
}

type Payload = Record<string, unknown>;
const num = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** Orders, newest first: one row per order id (its latest state), rejected orders on their own. */
export function foldOrders(events: readonly LeviBotEvent[]): OrderRow[] {
  const rows = new Map<string, OrderRow>();
  const ascending = [...events].sort((a, b) => a.id - b.id);
  for (const event of ascending) {
    const payload = event.payload as Payload;
    if (!event.event_type.startsWith('ORDER_')) continue;
    const orderId = str(payload.order_id);
    const key = orderId ?? `event-${event.id}`;
    const row: OrderRow = rows.get(key) ?? {
      key,
      order_id: orderId,
      ts: event.ts,
      symbol: event.symbol ?? '',
      side: payload.side === 'sell' ? 'sell' : 'buy',
      type: str(payload.type) ?? 'market',
      qty: num(payload.qty),
      filled_qty: 0,
      avg_price: null,
      fees: 0,
      notional_usd: num(payload.notional_usd),
      status: 'new',
      purpose: str(payload.purpose) ?? 'entry',
      reason: null,
      trace_id: event.trace_id ?? null,
    };
    switch (event.event_type) {
      case 'ORDER_PARTIAL_FILL':
      case 'ORDER_FILLED':
        row.status = event.event_type === 'ORDER_FILLED' ? 'filled' : 'partial';
        row.filled_qty = num(payload.filled_qty) ?? row.filled_qty + (num(payload.fill_qty) ?? 0);
        row.avg_price = num(payload.avg_price) ?? num(payload.price) ?? row.avg_price;
        row.fees = num(payload.fees) ?? row.fees + (num(payload.fee) ?? 0);
        break;
      case 'ORDER_REJECTED':
        row.status = 'rejected';
        row.reason = str(payload.reason);
        break;
      case 'ORDER_CANCELED':
        row.status = 'cancelled';
        row.reason = str(payload.reason);
        row.filled_qty = num(payload.filled_qty) ?? row.filled_qty;
        break;
      default:
        break;
    }
    rows.set(key, row);
  }
  return [...rows.values()].sort((a, b) => Date.parse(b.ts) - Date.parse(a.ts));
}

export function closedPositions(events: readonly LeviBotEvent[]): ClosedPosition[] {
  return events
    .filter((event) => event.event_type === 'POSITION_CLOSED')
    .map((event) => {
      const payload = event.payload as Payload;
      return {
        id: event.id,
        ts: event.ts,
        symbol: event.symbol ?? '',
        side: payload.side === 'short' ? ('short' as const) : ('long' as const),
        qty: num(payload.qty) ?? 0,
        entry_price: num(payload.entry_price) ?? 0,
        exit_price: num(payload.exit_price) ?? 0,
        realized_pnl: num(payload.realized_pnl) ?? 0,
        fees: num(payload.fees) ?? 0,
        reason: str(payload.reason) ?? '',
        held_s: num(payload.held_s),
        trace_id: event.trace_id ?? null,
      };
    })
    .sort((a, b) => b.id - a.id);
}
