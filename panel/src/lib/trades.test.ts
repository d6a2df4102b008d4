import { describe, expect, it } from 'vitest';
import type { LeviBotEvent } from '../api/types.js';
import { closedPositions, foldOrders } from './trades.js';

let nextId = 1;
function event(event_type: string, payload: Record<string, unknown>, symbol = 'BTC/USDT'): LeviBotEvent {
  const id = nextId++;
  return {
    id,
    ts: new Date(Date.UTC(2024, 7, 9, 0, 0, id)).toISOString(),
    event_type,
    severity: 'info',
    symbol,
    source: 'paper',
    trace_id: 't1',
    payload,
  };
}

describe('trades from events', () => {
  it('trades - an order shows its latest state: new, then partly filled, then filled with average price and fees', () => {
    const events = [
      event('ORDER_NEW', { order_id: 'po-1', side: 'buy', type: 'market', qty: 0.02, notional_usd: 1236 }),
      event('ORDER_PARTIAL_FILL', {
        order_id: 'po-1',
        fill_qty: 0.01,
        filled_qty: 0.01,
        avg_price: 61800,
        fees: 0.6,
      }),
      event('ORDER_FILLED', {
        order_id: 'po-1',
        fill_qty: 0.01,
        filled_qty: 0.02,
        avg_price: 61810,
        fees: 1.2,
      }),
      event('ORDER_NEW', { order_id: 'po-2', side: 'sell', qty: 0.02, purpose: 'stop_loss' }),
    ];
    const orders = foldOrders(events);
    expect(orders.map((order) => [order.order_id, order.status])).toEqual([
      ['po-2', 'new'],
      ['po-1', 'filled'],
    ]);
    expect(orders[1]).toMatchObject({
      side: 'buy',
      filled_qty: 0.02,
      avg_price: 61810,
      fees: 1.2,
      notional_usd: 1236,
    });
    expect(orders[0]).toMatchObject({ side: 'sell', purpose: 'stop_loss' });
  });

  it('trades - a rejected order (no order id) is listed with its reason', () => {
    const orders = foldOrders([
      event('ORDER_REJECTED', { reason: 'no_market_data', side: 'buy', notional_usd: 50 }, 'DOGE/USDT'),
    ]);
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ status: 'rejected', reason: 'no_market_data', symbol: 'DOGE/USDT' });
  });

  it('trades - a resting order cancelled when its position closed shows as cancelled with the reason', () => {
    const orders = foldOrders([
      event('ORDER_NEW', {
        order_id: 'po-3',
        side: 'sell',
        type: 'limit',
        qty: 0.01,
        price: 63000,
        purpose: 'take_profit',
      }),
      event('ORDER_CANCELED', {
        order_id: 'po-3',
        reason: 'position_closed',
        filled_qty: 0,
        remaining_qty: 0.01,
      }),
    ]);
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({
      order_id: 'po-3',
      status: 'cancelled',
      reason: 'position_closed',
      type: 'limit',
    });
  });

  it('trades - closed positions carry their realised PnL, newest first', () => {
    const closed = closedPositions([
      event('POSITION_CLOSED', {
        side: 'long',
        qty: 1,
        entry_price: 100,
        exit_price: 103,
        realized_pnl: 2.9,
        fees: 0.1,
        reason: 'take_profit',
      }),
      event('POSITION_CLOSED', {
        side: 'short',
        qty: 1,
        entry_price: 100,
        exit_price: 101,
        realized_pnl: -1.1,
        fees: 0.1,
        reason: 'stop_loss',
      }),
      event('ORDER_FILLED', { order_id: 'po-9' }),
    ]);
    expect(closed.map((position) => [position.side, position.realized_pnl])).toEqual([
      ['short', -1.1],
      ['long', 2.9],
    ]);
  });
});
