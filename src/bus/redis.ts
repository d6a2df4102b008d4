/**
 * Redis Streams adapter of the Bus port, for several LeviBot instances: every instance appends
 * its committed events to one stream and relays the stream to its own subscribers.
 *
 * Order and completeness come from the store, not from Redis: an `OrderedRelay` delivers ids
 * strictly in order, fills any id missing from the stream out of the store, and after a Redis
 * outage reads everything committed meanwhile. Redis only makes delivery fast.
 */
import { Redis } from 'ioredis';
import type { StoredEvent } from '../events/model.js';
import type { EventFilter } from '../events/store.js';
import type { BusListener, BusQueue, EventBus, QueueOptions } from './bus.js';
import { Fanout } from './fanout.js';
import { BusMessage } from './message.js';
import { OrderedRelay } from './relay.js';

export interface RedisStreamsBusOptions {
  url: string;
  /** Prefix of the stream key, so deployments or tests can share a Redis. @default 'levibot:' */
  prefix?: string;
  /** Committed events after an id, ascending (the event store's `readAfter` without filter). */
  readAfter: (afterId: number, limit: number) => Promise<StoredEvent[]>;
  /** Highest committed id: live delivery starts after it. */
  lastId: () => Promise<number>;
  onError?: (error: unknown) => void;
  /** Entries kept in the stream (approximate trim). @default 100000 */
  maxLength?: number;
  /** How often the store is checked for events the stream did not bring. @default 2000 */
  safetyPollMs?: number;
  /** @default 20 */
  gapWaitMs?: number;
}

const BLOCK_MS = 5000;

export class RedisStreamsBus implements EventBus {
  readonly kind = 'redis';
  private readonly fanout: Fanout;
  private readonly publisher: Redis;
  private readonly reader: Redis;
  private readonly streamKey: string;
  private readonly relay: OrderedRelay;
  private readonly onError: (error: unknown) => void;
  private readonly safetyTimer: NodeJS.Timeout;
  private lastStreamId = '$';
  private closed = false;
  private readLoop: Promise<void> = Promise.resolve();

  private constructor(
    private readonly options: RedisStreamsBusOptions,
    startAfter: number,
  ) {
    this.onError = options.onError ?? (() => {});
    this.fanout = new Fanout(this.onError);
    this.streamKey = `${options.prefix ?? 'levibot:'}events`;
    // Publishing never waits for a reconnect: an event that misses the stream reaches the other
    // instances through the store (gap fill, safety poll).
    this.publisher = new Redis(options.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    this.reader = new Redis(options.url, { maxRetriesPerRequest: null });
    for (const connection of [this.publisher, this.reader]) connection.on('error', () => {});
    this.relay = new OrderedRelay({
      startAfter,
      readAfter: options.readAfter,
      deliver: (messages) => this.fanout.deliverMessages(messages),
      onError: this.onError,
      ...(options.gapWaitMs === undefined ? {} : { gapWaitMs: options.gapWaitMs }),
    });
    let everReady = false;
    this.reader.on('ready', () => {
      // A reconnect may follow a Redis restart: whatever was committed meanwhile comes from the store.
      if (everReady) void this.relay.catchUp().catch(this.onError);
      everReady = true;
    });
    this.safetyTimer = setInterval(() => void this.safetyPoll(), options.safetyPollMs ?? 2000);
    this.safetyTimer.unref();
  }

  static async open(options: RedisStreamsBusOptions): Promise<RedisStreamsBus> {
    const bus = new RedisStreamsBus(options, await options.lastId());
    try {
      await Promise.all([bus.publisher, bus.reader].map((connection) => waitReady(connection)));
    } catch (error) {
      await bus.close();
      throw error;
    }
    bus.readLoop = bus.read();
    return bus;
  }

  publish(events: readonly StoredEvent[]): void {
    if (events.length === 0 || this.closed) return;
    const messages = events.map((event) => new BusMessage(event));
    this.relay.offer(messages);
    // One entry per batch; event JSON never holds a raw newline, so lines separate events.
    const data = messages.map((message) => message.json).join('\n');
    this.publisher
      .xadd(this.streamKey, 'MAXLEN', '~', String(this.options.maxLength ?? 100_000), '*', 'e', data)
      .catch(this.onError);
  }

  subscribe(listener: BusListener, filter?: EventFilter): () => void {
    return this.fanout.addListener(listener, filter);
  }

  openQueue(options: QueueOptions): BusQueue {
    return this.fanout.openQueue(options);
  }

  /** Both connections to Redis are up (events published now go through the stream). */
  get connected(): boolean {
    return this.publisher.status === 'ready' && this.reader.status === 'ready';
  }

  /** Times an id missing from the stream was read from the store. */
  get gapFills(): number {
    return this.relay.gapFills;
  }

  private async read(): Promise<void> {
    while (!this.closed) {
      try {
        const reply = (await this.reader.xread(
          'BLOCK',
          BLOCK_MS,
          'STREAMS',
          this.streamKey,
          this.lastStreamId,
        )) as [string, [string, string[]][]][] | null;
        if (!reply) continue;
        const messages: BusMessage[] = [];
        for (const [, entries] of reply) {
          for (const [streamId, fields] of entries) {
            this.lastStreamId = streamId;
            const data = fields[fields.indexOf('e') + 1];
            if (data) for (const line of data.split('\n')) messages.push(BusMessage.fromJson(line));
          }
        }
        this.relay.offer(messages);
      } catch (error) {
        if (this.closed) return;
        this.onError(error);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  }

  private async safetyPoll(): Promise<void> {
    try {
      if ((await this.options.lastId()) > this.relay.lastDelivered) await this.relay.catchUp();
    } catch (error) {
      this.onError(error);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.safetyTimer);
    this.relay.stop();
    this.reader.disconnect();
    this.publisher.disconnect();
    await this.readLoop;
    this.fanout.clear();
  }
}

function waitReady(connection: Redis): Promise<void> {
  if (connection.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('Redis did not become ready within 5 s')), 5000);
    connection.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
