/**
 * The EventStore contract: every adapter runs this suite (`runEventStoreContract`) against a real
 * backend. Behaviour that differs between adapters is a bug in one of them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type EventInput, type NewEvent, toNewEvent } from './model.js';
import type { EventStore } from './store.js';

export interface EventStoreHarness {
  /** A new, empty store. */
  create(): Promise<EventStore>;
  /** Close `store` and open the same data again (simulates a restart). */
  reopen(store: EventStore): Promise<EventStore>;
}

const T0 = Date.parse('2024-08-09T00:00:00Z');
const MINUTE = 60_000;

function ev(input: Partial<EventInput> & { minute?: number } = {}): NewEvent {
  const { minute = 0, ...rest } = input;
  return toNewEvent({
    event_type: 'ORDER_NEW',
    source: 'test',
    ts: new Date(T0 + minute * MINUTE).toISOString(),
    payload: {},
    ...rest,
  });
}

export function runEventStoreContract(name: string, harness: EventStoreHarness): void {
  describe(`EventStore contract — ${name}`, () => {
    let store: EventStore;

    beforeEach(async () => {
      store = await harness.create();
    });
    afterEach(async () => {
      await store.close();
    });

    /** A small varied data set: ids 1..8 in this order. */
    async function seed() {
      return store.append([
        ev({
          minute: 0,
          event_type: 'SIGNAL_INGEST',
          symbol: 'BTC/USDT',
          trace_id: 't1',
          payload: { text: 'Long BTC now, entry 60000' },
        }),
        ev({
          minute: 1,
          event_type: 'SIGNAL_SCORED',
          symbol: 'BTC/USDT',
          trace_id: 't1',
          payload: { label: 'BUY', confidence: 0.9 },
        }),
        ev({
          minute: 2,
          event_type: 'ORDER_NEW',
          symbol: 'BTC/USDT',
          trace_id: 't1',
          payload: { side: 'buy', qty: 0.001 },
        }),
        ev({
          minute: 3,
          event_type: 'ORDER_FILLED',
          symbol: 'BTC/USDT',
          trace_id: 't1',
          payload: { price: 60010.5 },
        }),
        ev({
          minute: 4,
          event_type: 'SIGNAL_INGEST',
          symbol: 'ETH/USDT',
          trace_id: 't2',
          payload: { text: 'Short ETH, stop 2700' },
        }),
        ev({
          minute: 5,
          event_type: 'RISK_BLOCKED',
          symbol: 'ETH/USDT',
          trace_id: 't2',
          severity: 'warning',
          payload: { reason: 'cooldown active' },
        }),
        ev({
          minute: 6,
          event_type: 'KILL_SWITCH',
          severity: 'critical',
          payload: { on: true, reason: 'max daily loss' },
        }),
        ev({
          minute: 7,
          event_type: 'CONFIG_CHANGED',
          severity: 'debug',
          payload: { changes: [{ name: 'LOG_LEVEL' }] },
        }),
      ]);
    }
    const ids = (events: { id: number }[]) => events.map((event) => event.id);
    const all = { limit: 1000, order: 'asc' as const };

    it('append - assigns strictly increasing ids in input order and returns the stored events', async () => {
      const stored = await seed();
      expect(stored).toHaveLength(8);
      for (let i = 1; i < stored.length; i++) expect(stored[i]!.id).toBeGreaterThan(stored[i - 1]!.id);
      expect(stored[1]).toMatchObject({
        event_type: 'SIGNAL_SCORED',
        symbol: 'BTC/USDT',
        trace_id: 't1',
        severity: 'info',
        source: 'test',
        ts: '2024-08-09T00:01:00.000Z',
        payload: { label: 'BUY', confidence: 0.9 },
      });
      expect(await store.get(stored[1]!.id)).toEqual(stored[1]);
      expect(await store.lastId()).toBe(stored[7]!.id);
      expect(await store.count()).toBe(8);
    });

    it('append - concurrent appends each get their own contiguous, increasing ids', async () => {
      const calls = Array.from({ length: 50 }, (_, i) =>
        store.append([ev({ payload: { call: i, n: 0 } }), ev({ payload: { call: i, n: 1 } })]),
      );
      const results = await Promise.all(calls);
      const flat = results.flat();
      expect(new Set(ids(flat)).size).toBe(100);
      for (let i = 0; i < results.length; i++) {
        const [first, second] = results[i]!;
        expect(first!.payload).toEqual({ call: i, n: 0 });
        expect(second!.id).toBe(first!.id + 1);
        if (i > 0) expect(first!.id).toBeGreaterThan(results[i - 1]![1]!.id);
      }
      expect(await store.count()).toBe(100);
    });

    it('append - an empty batch stores nothing', async () => {
      expect(await store.append([])).toEqual([]);
      expect(await store.count()).toBe(0);
    });

    it('query - newest first by default, oldest first with order asc', async () => {
      const stored = await seed();
      const desc = await store.query({ limit: 100, order: 'desc' });
      expect(ids(desc.events)).toEqual(ids(stored).reverse());
      const asc = await store.query({ limit: 100, order: 'asc' });
      expect(ids(asc.events)).toEqual(ids(stored));
      expect(asc.nextCursor).toBeNull();
    });

    it('query - event type filter takes one or several types', async () => {
      const stored = await seed();
      expect(ids((await store.query({ ...all, eventTypes: ['SIGNAL_INGEST'] })).events)).toEqual([
        stored[0]!.id,
        stored[4]!.id,
      ]);
      expect(ids((await store.query({ ...all, eventTypes: ['ORDER_NEW', 'ORDER_FILLED'] })).events)).toEqual([
        stored[2]!.id,
        stored[3]!.id,
      ]);
      expect((await store.query({ ...all, eventTypes: ['ALERT_SENT'] })).events).toEqual([]);
    });

    it('query - symbol, trace and severity filters', async () => {
      const stored = await seed();
      expect(ids((await store.query({ ...all, symbol: 'ETH/USDT' })).events)).toEqual([
        stored[4]!.id,
        stored[5]!.id,
      ]);
      expect(ids((await store.query({ ...all, traceId: 't1' })).events)).toEqual(ids(stored.slice(0, 4)));
      expect(ids((await store.query({ ...all, minSeverity: 'warning' })).events)).toEqual([
        stored[5]!.id,
        stored[6]!.id,
      ]);
      expect(ids((await store.query({ ...all, minSeverity: 'critical' })).events)).toEqual([stored[6]!.id]);
      expect((await store.query({ ...all, minSeverity: 'debug' })).events).toHaveLength(8);
      expect((await store.query({ ...all, minSeverity: 'info' })).events).toHaveLength(7);
    });

    it('query - time window is inclusive at the start and exclusive at the end', async () => {
      const stored = await seed();
      const window = await store.query({ ...all, sinceMs: T0 + 2 * MINUTE, untilMs: T0 + 5 * MINUTE });
      expect(ids(window.events)).toEqual([stored[2]!.id, stored[3]!.id, stored[4]!.id]);
    });

    it('query - full-text search matches words in payload and type, case-insensitively', async () => {
      const stored = await seed();
      expect(ids((await store.query({ ...all, q: 'cooldown' })).events)).toEqual([stored[5]!.id]);
      expect(ids((await store.query({ ...all, q: 'LONG btc' })).events)).toEqual([stored[0]!.id]);
      expect(ids((await store.query({ ...all, q: 'kill_switch' })).events)).toEqual([stored[6]!.id]);
      expect(ids((await store.query({ ...all, q: 'max daily loss' })).events)).toEqual([stored[6]!.id]);
      expect(ids((await store.query({ ...all, q: 'cool*' })).events)).toEqual([stored[5]!.id]);
      expect((await store.query({ ...all, q: 'nonexistentword' })).events).toEqual([]);
      expect((await store.query({ ...all, q: '!!! ???' })).events).toEqual([]);
    });

    it('query - full-text search treats query syntax as plain text', async () => {
      await seed();
      for (const q of [
        '"',
        'AND',
        'OR NOT',
        '(btc',
        'btc)',
        'NEAR(a b)',
        '-',
        'a:b',
        "'; DROP TABLE events; --",
      ]) {
        await expect(store.query({ ...all, q })).resolves.toBeDefined();
      }
    });

    it('query - filters combine with AND', async () => {
      const stored = await seed();
      const combined = await store.query({
        ...all,
        eventTypes: ['SIGNAL_INGEST', 'RISK_BLOCKED'],
        symbol: 'ETH/USDT',
        minSeverity: 'warning',
        q: 'cooldown',
        sinceMs: T0,
        untilMs: T0 + 10 * MINUTE,
        traceId: 't2',
      });
      expect(ids(combined.events)).toEqual([stored[5]!.id]);
      const none = await store.query({ ...all, symbol: 'BTC/USDT', q: 'cooldown' });
      expect(none.events).toEqual([]);
    });

    it('query - cursor pages cover everything once, in both directions', async () => {
      const stored = await store.append(Array.from({ length: 25 }, (_, i) => ev({ payload: { i } })));
      const seen: number[] = [];
      let cursor: number | null | undefined;
      do {
        const page = await store.query({ limit: 10, order: 'desc', ...(cursor ? { beforeId: cursor } : {}) });
        seen.push(...ids(page.events));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(ids(stored).reverse());
      const ascending: number[] = [];
      cursor = undefined;
      do {
        const page = await store.query({ limit: 7, order: 'asc', ...(cursor ? { afterId: cursor } : {}) });
        ascending.push(...ids(page.events));
        cursor = page.nextCursor;
      } while (cursor);
      expect(ascending).toEqual(ids(stored));
    });

    it('query - paging backwards has no gap or duplicate while appends go on', async () => {
      const before = await store.append(Array.from({ length: 30 }, (_, i) => ev({ payload: { i } })));
      const seen: number[] = [];
      let page = await store.query({ limit: 8, order: 'desc' });
      for (;;) {
        seen.push(...ids(page.events));
        await store.append([ev({ payload: { concurrent: true } }), ev({ payload: { concurrent: true } })]);
        if (page.nextCursor === null) break;
        page = await store.query({ limit: 8, order: 'desc', beforeId: page.nextCursor });
      }
      expect(seen).toEqual(ids(before).reverse());
    });

    it('readAfter - returns matching events after an id, ascending, up to the limit', async () => {
      const stored = await seed();
      expect(ids(await store.readAfter(stored[1]!.id, {}, 3))).toEqual(ids(stored.slice(2, 5)));
      expect(ids(await store.readAfter(0, { symbol: 'ETH/USDT' }, 100))).toEqual([
        stored[4]!.id,
        stored[5]!.id,
      ]);
      expect(ids(await store.readAfter(stored[4]!.id, { q: 'cooldown' }, 100))).toEqual([stored[5]!.id]);
      expect(await store.readAfter(stored[7]!.id, {}, 100)).toEqual([]);
    });

    it('trace - returns every event of a trace oldest first', async () => {
      const stored = await seed();
      expect(ids(await store.trace('t1'))).toEqual(ids(stored.slice(0, 4)));
      expect(await store.trace('unknown')).toEqual([]);
      expect(await store.get(999_999)).toBeUndefined();
    });

    it('stats - counts by type and the top symbols since a time', async () => {
      await seed();
      const stats = await store.stats(T0 + MINUTE);
      expect(stats.total).toBe(7);
      expect(stats.byType).toEqual({
        SIGNAL_SCORED: 1,
        ORDER_NEW: 1,
        ORDER_FILLED: 1,
        SIGNAL_INGEST: 1,
        RISK_BLOCKED: 1,
        KILL_SWITCH: 1,
        CONFIG_CHANGED: 1,
      });
      expect(stats.topSymbols).toEqual([
        { symbol: 'BTC/USDT', count: 3 },
        { symbol: 'ETH/USDT', count: 2 },
      ]);
    });

    it('timeseries - counts per bucket, optionally for some types', async () => {
      await seed();
      const buckets = await store.timeseries(T0, 5 * MINUTE);
      expect(buckets).toEqual([
        { t: '2024-08-09T00:00:00.000Z', count: 5 },
        { t: '2024-08-09T00:05:00.000Z', count: 3 },
      ]);
      const ingests = await store.timeseries(T0, 5 * MINUTE, ['SIGNAL_INGEST']);
      expect(ingests).toEqual([{ t: '2024-08-09T00:00:00.000Z', count: 2 }]);
    });

    it('topTraces - ranks traces by event count with first/last time and duration', async () => {
      await seed();
      const traces = await store.topTraces(T0, 10);
      expect(traces.map((trace) => [trace.trace_id, trace.count])).toEqual([
        ['t1', 4],
        ['t2', 2],
      ]);
      expect(traces[0]).toMatchObject({
        first_ts: '2024-08-09T00:00:00.000Z',
        last_ts: '2024-08-09T00:03:00.000Z',
        duration_ms: 3 * MINUTE,
        symbol: 'BTC/USDT',
      });
      expect([...traces[0]!.event_types].sort()).toEqual([
        'ORDER_FILLED',
        'ORDER_NEW',
        'SIGNAL_INGEST',
        'SIGNAL_SCORED',
      ]);
    });

    it('deleteBefore - removes old events from queries and search, ids never reused', async () => {
      const stored = await seed();
      expect(await store.deleteBefore(T0 + 6 * MINUTE)).toBe(6);
      expect(ids((await store.query(all)).events)).toEqual([stored[6]!.id, stored[7]!.id]);
      expect((await store.query({ ...all, q: 'cooldown' })).events).toEqual([]);
      expect(await store.get(stored[0]!.id)).toBeUndefined();
      await store.deleteBefore(T0 + 60 * MINUTE);
      const [next] = await store.append([ev()]);
      expect(next!.id).toBeGreaterThan(stored[7]!.id);
    });

    it('restart - stored events survive and ids keep increasing', async () => {
      const stored = await seed();
      store = await harness.reopen(store);
      expect(ids((await store.query(all)).events)).toEqual(ids(stored));
      expect(await store.lastId()).toBe(stored[7]!.id);
      await store.deleteBefore(T0 + 60 * MINUTE);
      store = await harness.reopen(store);
      const [next] = await store.append([ev()]);
      expect(next!.id).toBe(stored[7]!.id + 1);
      expect((await store.query({ ...all, q: 'btc' })).events).toEqual([]);
    });

    it('healthCheck - resolves on a working store', async () => {
      await expect(store.healthCheck()).resolves.toBeUndefined();
    });
  });
}
