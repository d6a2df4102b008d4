import { afterEach, describe, expect, it } from 'vitest';
import { InProcessBus } from '../bus/index.js';
import {
  type EventFilter,
  EventLog,
  type EventStore,
  PostgresEventStore,
  SqliteEventStore,
  type StoredEvent,
} from '../events/index.js';
import { dropTestSchema, postgresTestUrl, testSchemaName } from '../shared/testing/services.js';
import { EventFeed, HISTORY_PAGE } from './feed.js';
import { until } from './testing/harness.js';

/** The real SQLite store whose resume reads take a while, as they do on a busy or remote database. */
class SlowReadStore extends SqliteEventStore {
  override async readAfter(afterId: number, filter: EventFilter, limit: number): Promise<StoredEvent[]> {
    await new Promise((resolve) => setTimeout(resolve, 15));
    return super.readAfter(afterId, filter, limit);
  }
}

interface Harness {
  log: EventLog;
  feed: EventFeed;
  /** What the consumer received: event ids, and `gap:N` for gap frames. */
  received: string[];
}

interface FeedTestOptions {
  sinceId: number | null;
  maxQueueBytes?: number;
  afterGap?: 'resync' | 'stop';
  /** The consumer pulls this long after being told (0: in the next turn, as a connection does). */
  pullDelayMs?: number;
}

function feedOn(
  options: FeedTestOptions,
  store: EventStore = new SlowReadStore({ file: ':memory:' }),
): Harness {
  const bus = new InProcessBus();
  const log = new EventLog(store, bus);
  const received: string[] = [];
  let scheduled = false;
  const later = (pull: () => void) =>
    options.pullDelayMs ? setTimeout(pull, options.pullDelayMs) : setImmediate(pull);
  const feed: EventFeed = new EventFeed({
    store,
    bus,
    filter: { eventTypes: ['ORDER_NEW'] },
    sinceId: options.sinceId,
    maxQueueBytes: options.maxQueueBytes ?? 1024 * 1024,
    encoder: { event: (m) => Buffer.from(String(m.id)), gap: (lastId) => Buffer.from(`gap:${lastId}`) },
    afterGap: options.afterGap ?? 'resync',
    // Pull in a later turn, as a connection does: publishes in between pile up in the queue.
    onReadable: () => {
      if (scheduled) return;
      scheduled = true;
      later(() => {
        scheduled = false;
        const out: Buffer[] = [];
        feed.pull(out);
        received.push(...out.map(String));
      });
    },
    onOverflow: () => {},
    onDropped: () => {},
    onError: (error) => {
      throw error;
    },
  });
  return { log, feed, received };
}

const order = (n: number) => ({
  event_type: 'ORDER_NEW',
  source: 'test',
  payload: { n, pad: 'x'.repeat(200) },
});
const other = { event_type: 'ORDER_FILLED', source: 'test', payload: {} };

describe('event feed', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    harness?.feed.stop();
    await harness?.log.store.close();
  });

  it('event feed - events committed while history pages are read arrive once each, in order', async () => {
    harness = feedOn({ sinceId: 0 });
    const { log, feed, received } = harness;
    const history = await log.emit(
      ...Array.from({ length: HISTORY_PAGE * 2 + 50 }, (_, n) => order(n)),
      other,
    );
    await feed.start();
    const live: StoredEvent[] = [];
    for (let round = 0; round < 40; round++) {
      live.push(...(await log.emit(order(round), other)));
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    const expected = [...history, ...live]
      .filter((e) => e.event_type === 'ORDER_NEW')
      .map((e) => String(e.id));
    await until(() => received.length >= expected.length, 'every event');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(received).toEqual(expected);
  });

  it('event feed - a live queue overflowing before the switch to live loses nothing and reports no gap', async () => {
    harness = feedOn({ sinceId: 0, maxQueueBytes: 2048, pullDelayMs: 40 });
    const { log, feed, received } = harness;
    const history = await log.emit(...Array.from({ length: 100 }, (_, n) => order(n)));
    await feed.start();
    // The history read ends at ~15 ms and is pulled at ~55 ms; 60 events of ~330 bytes committed at
    // ~30 ms are in neither that read nor the 2 KiB live queue.
    await new Promise((resolve) => setTimeout(resolve, 30));
    const live = await log.emit(...Array.from({ length: 60 }, (_, n) => order(n)));
    const expected = [...history, ...live].map((e) => String(e.id));
    await until(() => received.length >= expected.length, 'every event');
    expect(received).toEqual(expected);
  });

  it('event feed - a live overflow sends a gap with the last delivered id, then resyncs from the store', async () => {
    harness = feedOn({ sinceId: null, maxQueueBytes: 2048 });
    const { log, feed, received } = harness;
    await feed.start();
    const first = await log.emit(order(0));
    await until(() => received.length === 1, 'the first event');
    // Published in one turn, before the consumer pulls: the 2 KiB queue keeps the first few only.
    const burst = await log.emit(...Array.from({ length: 30 }, (_, n) => order(n)));
    const gapIndex = () => received.findIndex((frame) => frame.startsWith('gap:'));
    await until(() => gapIndex() >= 0 && received.length >= 32, 'the gap and the resync');
    const before = received.slice(0, gapIndex()).map(Number);
    expect(received[gapIndex()]).toBe(`gap:${before[before.length - 1]}`);
    expect(before.length).toBeLessThan(burst.length + 1);
    const ids = received.filter((frame) => !frame.startsWith('gap:'));
    expect(ids).toEqual([...first, ...burst].map((e) => String(e.id)));
  });

  it('event feed - with afterGap stop the feed ends after the gap frame', async () => {
    harness = feedOn({ sinceId: null, maxQueueBytes: 2048, afterGap: 'stop' });
    const { log, feed, received } = harness;
    await feed.start();
    await log.emit(...Array.from({ length: 30 }, (_, n) => order(n)));
    await until(() => received.some((frame) => frame.startsWith('gap:')), 'the gap');
    expect(feed.stopped).toBe(true);
    const count = received.length;
    await log.emit(order(99));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(received).toHaveLength(count);
    expect(received[received.length - 1]).toMatch(/^gap:/);
  });

  it('event feed - a resume point beyond the store head resumes from the head', async () => {
    harness = feedOn({ sinceId: 10_000 });
    const { log, feed, received } = harness;
    await log.emit(order(0));
    const head = await feed.start();
    expect(feed.lastId).toBe(head);
    const [next] = await log.emit(order(1));
    await until(() => received.length === 1, 'the next event');
    expect(received).toEqual([String(next!.id)]);
  });
});

const postgresUrl = await postgresTestUrl();
if (postgresUrl) {
  describe('event feed on PostgreSQL', () => {
    const schema = testSchemaName('feed');
    let harness: Harness | undefined;
    afterEach(async () => {
      harness?.feed.stop();
      await harness?.log.store.close();
      await dropTestSchema(postgresUrl, schema);
    });

    it('event feed - on PostgreSQL, events committed during a multi-page resume arrive once each, in order', async () => {
      harness = feedOn({ sinceId: 0 }, await PostgresEventStore.open({ url: postgresUrl, schema }));
      const { log, feed, received } = harness;
      const history = await log.emit(
        ...Array.from({ length: HISTORY_PAGE * 2 + 50 }, (_, n) => order(n)),
        other,
      );
      const started = feed.start();
      // Concurrent writers, as several requests or instances would be.
      const writers = Array.from({ length: 4 }, async () => {
        const written: StoredEvent[] = [];
        for (let round = 0; round < 15; round++) written.push(...(await log.emit(order(round), other)));
        return written;
      });
      await started;
      const live = (await Promise.all(writers)).flat().sort((a, b) => a.id - b.id);
      const expected = [...history, ...live]
        .filter((e) => e.event_type === 'ORDER_NEW')
        .map((e) => String(e.id));
      await until(() => received.length >= expected.length, 'every event', 10_000);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(received).toEqual(expected);
    });
  });
}
