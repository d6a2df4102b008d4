import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Bar } from './candles.js';
import { MarketHub } from './hub.js';
import { SqliteTickStore } from './sqlite/tick-store.js';
import type { CandleQuery, TickStore } from './store.js';
import type { Tick } from './tick.js';

const T0 = Date.parse('2024-08-09T00:00:00Z');

function trade(ts: number, last: number, qty = 1): Tick {
  return {
    symbol: 'BTC/USDT',
    ts,
    bid: last - 0.5,
    ask: last + 0.5,
    bidQty: 1,
    askQty: 1,
    last,
    qty,
    side: 'buy',
  };
}

/**
 * The real SQLite store with writes held until released, or failing on demand: what a slow or
 * unreachable PostgreSQL looks like to the hub.
 */
class GatedStore implements TickStore {
  readonly kind = 'gated';
  readonly writes: { ticks: number[]; gate: () => void }[] = [];
  failNext = false;
  private active = 0;
  maxConcurrent = 0;

  constructor(private readonly inner: SqliteTickStore) {}

  async write(ticks: readonly Tick[], bars: readonly Bar[]): Promise<void> {
    this.active++;
    this.maxConcurrent = Math.max(this.maxConcurrent, this.active);
    try {
      await new Promise<void>((resolve) =>
        this.writes.push({ ticks: ticks.map((tick) => tick.ts), gate: resolve }),
      );
      if (this.failNext) {
        this.failNext = false;
        throw new Error('store unreachable');
      }
      await this.inner.write(ticks, bars);
    } finally {
      this.active--;
    }
  }

  release(): void {
    for (const write of this.writes) write.gate();
  }

  candles(query: CandleQuery): Promise<Bar[]> {
    return this.inner.candles(query);
  }
  lastTick(symbol: string): Promise<Tick | undefined> {
    return this.inner.lastTick(symbol);
  }
  recentBars(perSeries: number): Promise<Bar[]> {
    return this.inner.recentBars(perSeries);
  }
  deleteBefore(symbols: readonly string[], tickMs: number, candleMs: number): Promise<number> {
    return this.inner.deleteBefore(symbols, tickMs, candleMs);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function sqlite(): SqliteTickStore {
  const dir = mkdtempSync(join(tmpdir(), 'levibot-hub-'));
  dirs.push(dir);
  return new SqliteTickStore({ file: join(dir, 'market.db') });
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('market hub', () => {
  it('hub - store writes run one at a time, off the tick path, and each takes what was buffered when it starts', async () => {
    const store = new GatedStore(sqlite());
    const hub = new MarketHub({ store, flushMs: 10_000 });
    hub.ingest(trade(T0, 100));
    const first = hub.flush();
    await settle();
    // Ticks keep flowing (synchronously) while the first write is pending.
    hub.ingest(trade(T0 + 1, 101));
    hub.ingest(trade(T0 + 2, 102));
    const second = hub.flush();
    await settle();
    expect(store.writes.map((write) => write.ticks)).toEqual([[T0]]);
    store.release();
    await first;
    await settle();
    store.release();
    await second;
    expect(store.writes.map((write) => write.ticks)).toEqual([[T0], [T0 + 1, T0 + 2]]);
    expect(store.maxConcurrent).toBe(1);
    expect((await store.lastTick('BTC/USDT'))?.last).toBe(102);
    await store.close();
  });

  it('hub - a failed write keeps its ticks and candles, and the next write stores them in order', async () => {
    const store = new GatedStore(sqlite());
    const errors: unknown[] = [];
    const hub = new MarketHub({ store, flushMs: 10_000, onStoreError: (error) => errors.push(error) });
    hub.ingest(trade(T0, 100, 2));
    store.failNext = true;
    const failed = hub.flush();
    await settle();
    hub.ingest(trade(T0 + 1, 101, 3));
    store.release();
    await failed;
    expect(errors).toHaveLength(1);
    const retried = hub.flush();
    await settle();
    store.release();
    await retried;
    expect(store.writes.at(-1)?.ticks).toEqual([T0, T0 + 1]);
    const [minute] = await store.candles({ symbol: 'BTC/USDT', interval: '1m', limit: 1 });
    expect(minute).toMatchObject({ o: 100, c: 101, n: 2, volumeUnits: 5e8 });
    await store.close();
  });

  it('hub - a relayed tick updates the last tick and reaches subscribers, but builds no candle and writes nothing', async () => {
    const store = sqlite();
    const hub = new MarketHub({ store });
    const seen: number[] = [];
    hub.subscribeTicks('BTC/USDT', (tick) => seen.push(tick.last));
    hub.observe(trade(T0, 100));
    expect(seen).toEqual([100]);
    expect(hub.lastTick('BTC/USDT')?.last).toBe(100);
    await hub.flush();
    expect(hub.closedBars('BTC/USDT', '1s', 10)).toEqual([]);
    expect(await store.lastTick('BTC/USDT')).toBeUndefined();
    await store.close();
  });

  it('hub - restored from the store, it continues the open candle and knows the last tick', async () => {
    const store = sqlite();
    const before = new MarketHub({ store });
    before.ingest(trade(T0 + 1000, 100, 1));
    before.ingest(trade(T0 + 2000, 103, 1));
    await before.close();

    const after = new MarketHub({ store });
    await after.restore(['BTC/USDT', 'ETH/USDT']);
    expect(after.lastTick('BTC/USDT')?.last).toBe(103);
    expect(after.lastTick('ETH/USDT')).toBeUndefined();
    after.ingest(trade(T0 + 3000, 99, 2));
    const [minute] = await after.candleRange('BTC/USDT', '1m', { limit: 1 });
    expect(minute).toEqual({ t: T0, o: 100, h: 103, l: 99, c: 99, v: 4, n: 3 });
    await after.close();
    await store.close();
  });
});
