/**
 * The TickStore contract: every adapter runs this suite (`runTickStoreContract`) against a real
 * backend. Behaviour that differs between adapters is a bug in one of them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Bar, CandleInterval } from './candles.js';
import type { TickStore } from './store.js';
import type { Tick } from './tick.js';

export interface TickStoreHarness {
  /** A new, empty store. */
  create(): Promise<TickStore>;
  /** Close `store` and open the same data again (simulates a restart). */
  reopen(store: TickStore): Promise<TickStore>;
}

const T0 = Date.parse('2024-08-09T00:00:00Z');
const DAY = 86_400_000;

function tick(symbol: string, ts: number, extra: Partial<Tick> = {}): Tick {
  return {
    symbol,
    ts,
    bid: 100,
    ask: 100.5,
    bidQty: 2,
    askQty: 3,
    last: 100.25,
    qty: 0.5,
    side: 'buy',
    ...extra,
  };
}

function bar(symbol: string, interval: CandleInterval, t: number, extra: Partial<Bar> = {}): Bar {
  return { symbol, interval, t, o: 10, h: 12, l: 9, c: 11, volumeUnits: 150_000_000, n: 3, ...extra };
}

export function runTickStoreContract(name: string, harness: TickStoreHarness): void {
  describe(`TickStore contract — ${name}`, () => {
    let store: TickStore;

    beforeEach(async () => {
      store = await harness.create();
    });
    afterEach(async () => {
      await store.close();
    });

    it('tick store - the last tick of a symbol is the latest by time, the last written among equals', async () => {
      await store.write(
        [
          tick('BTC/USDT', T0 + 2000, { last: 1 }),
          tick('BTC/USDT', T0 + 1000, { last: 2 }),
          tick('ETH/USDT', T0 + 5000, { last: 3 }),
        ],
        [],
      );
      await store.write([tick('BTC/USDT', T0 + 2000, { last: 4 })], []);
      expect((await store.lastTick('BTC/USDT'))?.last).toBe(4);
      expect((await store.lastTick('ETH/USDT'))?.ts).toBe(T0 + 5000);
      expect(await store.lastTick('SOL/USDT')).toBeUndefined();
    });

    it('tick store - a tick comes back exactly, NaN fields and the side included', async () => {
      const book = tick('BTC/USDT', T0, {
        bid: 61_824,
        ask: 61_824.01,
        bidQty: 4.3458,
        askQty: 0.03557,
        last: Number.NaN,
        qty: 0,
        side: null,
      });
      await store.write([book], []);
      expect(await store.lastTick('BTC/USDT')).toEqual(book);
      const trade = tick('BTC/USDT', T0 + 1, {
        bid: Number.NaN,
        bidQty: Number.NaN,
        side: 'sell',
        qty: 0.00012345,
      });
      await store.write([trade], []);
      expect(await store.lastTick('BTC/USDT')).toEqual(trade);
    });

    it('tick store - an empty write stores nothing and does not fail', async () => {
      await store.write([], []);
      expect(await store.lastTick('BTC/USDT')).toBeUndefined();
      expect(await store.recentBars(10)).toEqual([]);
    });

    it('tick store - ticks spread over several days are all kept', async () => {
      const days = [0, 1, 5, 40].map((day) => tick('BTC/USDT', T0 + day * DAY + 123, { last: day }));
      await store.write(days, []);
      expect((await store.lastTick('BTC/USDT'))?.last).toBe(40);
    });

    it('tick store - a bar written again replaces the stored one (full state)', async () => {
      const open = bar('BTC/USDT', '1m', T0, { c: 11, n: 3 });
      await store.write([], [open]);
      await store.write([], [{ ...open, h: 13, c: 12.5, volumeUnits: 250_000_000, n: 5 }]);
      expect(await store.candles({ symbol: 'BTC/USDT', interval: '1m', limit: 10 })).toEqual([
        { ...open, h: 13, c: 12.5, volumeUnits: 250_000_000, n: 5 },
      ]);
    });

    it('tick store - candles: range start inclusive, end exclusive, the most recent `limit`, oldest first', async () => {
      const bars = [0, 1, 2, 3, 4].map((i) => bar('BTC/USDT', '1m', T0 + i * 60_000, { c: i }));
      await store.write([], [...bars, bar('BTC/USDT', '5m', T0), bar('ETH/USDT', '1m', T0 + 60_000)]);
      const window = await store.candles({
        symbol: 'BTC/USDT',
        interval: '1m',
        sinceMs: T0 + 60_000,
        untilMs: T0 + 4 * 60_000,
        limit: 100,
      });
      expect(window.map((item) => item.c)).toEqual([1, 2, 3]);
      const recent = await store.candles({ symbol: 'BTC/USDT', interval: '1m', limit: 2 });
      expect(recent.map((item) => item.c)).toEqual([3, 4]);
      expect(await store.candles({ symbol: 'BTC/USDT', interval: '1s', limit: 10 })).toEqual([]);
    });

    it('tick store - recent bars: the last N of every symbol and interval, oldest first in each series', async () => {
      await store.write(
        [],
        [
          ...[0, 1, 2].map((i) => bar('BTC/USDT', '1s', T0 + i * 1000, { c: i })),
          ...[0, 1].map((i) => bar('BTC/USDT', '1m', T0 + i * 60_000, { c: 10 + i })),
          ...[0, 1, 2].map((i) => bar('ETH/USDT', '5m', T0 + i * 300_000, { c: 20 + i })),
        ],
      );
      const recent = await store.recentBars(2);
      const series = (symbol: string, interval: CandleInterval) =>
        recent.filter((item) => item.symbol === symbol && item.interval === interval).map((item) => item.c);
      expect(series('BTC/USDT', '1s')).toEqual([1, 2]);
      expect(series('BTC/USDT', '1m')).toEqual([10, 11]);
      expect(series('ETH/USDT', '5m')).toEqual([21, 22]);
      expect(recent).toHaveLength(6);
    });

    it('tick store - retention removes older ticks and candles and counts them', async () => {
      await store.write(
        [
          tick('BTC/USDT', T0 - 3 * DAY),
          tick('BTC/USDT', T0 - 1000),
          tick('BTC/USDT', T0 + 1000, { last: 7 }),
        ],
        [bar('BTC/USDT', '1m', T0 - 10 * DAY), bar('BTC/USDT', '1m', T0)],
      );
      const removed = await store.deleteBefore(['BTC/USDT'], T0, T0 - DAY);
      expect(removed).toBe(3);
      expect((await store.lastTick('BTC/USDT'))?.last).toBe(7);
      expect(
        (await store.candles({ symbol: 'BTC/USDT', interval: '1m', limit: 10 })).map((item) => item.t),
      ).toEqual([T0]);
      // Retention again, then writes into the same days: nothing left behind breaks them.
      expect(await store.deleteBefore(['BTC/USDT'], T0, T0 - DAY)).toBe(0);
      await store.write([tick('BTC/USDT', T0 - 2000, { last: 8 })], []);
      expect((await store.lastTick('BTC/USDT'))?.last).toBe(7);
    });

    it('tick store - ticks and candles survive a restart', async () => {
      await store.write([tick('ETH/USDT', T0, { last: 2680.5 })], [bar('ETH/USDT', '5m', T0)]);
      store = await harness.reopen(store);
      expect((await store.lastTick('ETH/USDT'))?.last).toBe(2680.5);
      expect(await store.recentBars(5)).toEqual([bar('ETH/USDT', '5m', T0)]);
    });
  });
}
