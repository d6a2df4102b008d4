/**
 * The TradingStateStore contract: every adapter runs this suite (`runTradingStateStoreContract`)
 * against a real backend. Behaviour that differs between adapters is a bug in one of them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newAccount } from './engine.js';
import type { EquityPoint, PaperOrder, PaperPosition, StateChanges } from './model.js';
import type { TradingStateStore } from './state-store.js';

export interface TradingStateStoreHarness {
  /** A new, empty store. */
  create(): Promise<TradingStateStore>;
  /** Close `store` and open the same data again (simulates a restart). */
  reopen(store: TradingStateStore): Promise<TradingStateStore>;
}

const T0 = Date.parse('2024-08-09T00:00:00Z');

function order(seq: number, extra: Partial<PaperOrder> = {}): PaperOrder {
  return {
    order_id: `po-${seq}`,
    symbol: 'BTC/USDT',
    side: 'buy',
    type: 'market',
    qty: 0.0016,
    filled_qty: 0,
    avg_price: 0,
    price: null,
    fees: 0,
    status: 'open',
    notional_usd: 100,
    sl: 60_000,
    tp: null,
    sl_distance: null,
    tp_distance: 123.456789,
    reduce_only: false,
    purpose: 'entry',
    resting: false,
    trace_id: `trace-${seq}`,
    source: 'api',
    created_at: T0 + seq,
    updated_at: T0 + seq,
    ...extra,
  };
}

function position(symbol: string, qty: number): PaperPosition {
  return {
    symbol,
    qty,
    entry_price: 61_013.2002,
    sl: null,
    tp: 62_000.1,
    mark_price: 61_000,
    unrealized_pnl: -0.02133,
    open_fees: 0.05,
    closed_qty: 0,
    exit_value: 0,
    closed_gross_pnl: 0,
    closed_fees: 0,
    max_qty: Math.abs(qty),
    opened_at: T0,
    trace_id: 'sig-1',
    closing_order_id: null,
  };
}

function point(minute: number, equity: number): EquityPoint {
  return { ts: T0 + minute * 60_000, equity, cash: equity - 100, realized_pnl: -0.05, unrealized_pnl: 0.1 };
}

function changes(extra: Partial<StateChanges> = {}): StateChanges {
  return { account: newAccount(10_000), positions: [], orders: [], equity: [], ...extra };
}

export function runTradingStateStoreContract(name: string, harness: TradingStateStoreHarness): void {
  describe(`TradingStateStore contract — ${name}`, () => {
    let store: TradingStateStore;

    beforeEach(async () => {
      store = await harness.create();
    });
    afterEach(async () => {
      await store.close();
    });

    it('trading state - a new store has no account', async () => {
      expect(await store.load()).toBeNull();
      expect(await store.orders({ limit: 10 })).toEqual([]);
      expect(await store.equity(0)).toEqual([]);
    });

    it('trading state - the account, positions and open orders come back exactly as saved', async () => {
      const account = { ...newAccount(10_000), cash: 9_899.94999, last_activity: { 'BTC/USDT': T0 } };
      account.kill_switch = { on: true, reason: 'news', since: T0 };
      const long = position('BTC/USDT', 0.0016);
      const short = position('ETH/USDT', -0.5);
      await store.save(
        changes({
          account,
          positions: [long, short],
          orders: [
            order(1, { status: 'filled', filled_qty: 0.0016 }),
            order(2, { type: 'limit', price: 2600 }),
          ],
        }),
      );
      const loaded = await store.load();
      expect(loaded?.account).toEqual(account);
      expect(loaded?.positions.sort((a, b) => a.symbol.localeCompare(b.symbol))).toEqual([long, short]);
      expect(loaded?.open_orders).toEqual([order(2, { type: 'limit', price: 2600 })]);
    });

    it('trading state - each save replaces the position set and updates orders in place', async () => {
      await store.save(changes({ positions: [position('BTC/USDT', 0.1)], orders: [order(1)] }));
      await store.save(
        changes({
          positions: [position('ETH/USDT', 1)],
          orders: [order(1, { status: 'cancelled', cancel_reason: 'cancelled by user' })],
        }),
      );
      const loaded = await store.load();
      expect(loaded?.positions.map((item) => item.symbol)).toEqual(['ETH/USDT']);
      expect(loaded?.open_orders).toEqual([]);
      expect(await store.orders({ limit: 10 })).toEqual([
        order(1, { status: 'cancelled', cancel_reason: 'cancelled by user' }),
      ]);
    });

    it('trading state - an order saved twice in one batch keeps its last state', async () => {
      await store.save(
        changes({ orders: [order(1), order(2), order(1, { status: 'filled', filled_qty: 0.0016 })] }),
      );
      expect((await store.orders({ limit: 10 })).map((item) => [item.order_id, item.status])).toEqual([
        ['po-2', 'open'],
        ['po-1', 'filled'],
      ]);
    });

    it('trading state - order history: newest first by sequence, filtered by status and symbol, limited', async () => {
      await store.save(
        changes({
          orders: [
            order(9, { status: 'filled' }),
            order(10, { symbol: 'ETH/USDT', status: 'filled' }),
            order(11),
            order(2, { status: 'filled' }),
          ],
        }),
      );
      const ids = (list: PaperOrder[]) => list.map((item) => item.order_id);
      expect(ids(await store.orders({ limit: 10 }))).toEqual(['po-11', 'po-10', 'po-9', 'po-2']);
      expect(ids(await store.orders({ status: 'filled', limit: 10 }))).toEqual(['po-10', 'po-9', 'po-2']);
      expect(ids(await store.orders({ status: 'filled', symbol: 'BTC/USDT', limit: 1 }))).toEqual(['po-9']);
      expect(ids(await store.orders({ symbol: 'ETH/USDT', limit: 10 }))).toEqual(['po-10']);
    });

    it('trading state - the equity curve from a time on, oldest first', async () => {
      await store.save(changes({ equity: [point(0, 10_000), point(1, 10_001.5)] }));
      await store.save(changes({ equity: [point(2, 9_999.12345678)] }));
      expect(await store.equity(T0 + 60_000)).toEqual([point(1, 10_001.5), point(2, 9_999.12345678)]);
      expect(await store.equity(0)).toHaveLength(3);
    });

    it('trading state - everything survives a restart', async () => {
      const account = { ...newAccount(5_000), next_order_seq: 3 };
      await store.save(
        changes({
          account,
          positions: [position('BTC/USDT', 0.2)],
          orders: [order(1), order(2)],
          equity: [point(0, 5_000)],
        }),
      );
      store = await harness.reopen(store);
      const loaded = await store.load();
      expect(loaded?.account).toEqual(account);
      expect(loaded?.positions).toEqual([position('BTC/USDT', 0.2)]);
      expect(loaded?.open_orders).toEqual([order(1), order(2)]);
      expect(await store.equity(0)).toEqual([point(0, 5_000)]);
    });
  });
}
