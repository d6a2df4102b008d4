/**
 * The in-process half of every bus adapter: subscribers indexed by what they filter on, push
 * listeners, and bounded byte queues. The in-process adapter feeds it directly; a broker adapter
 * feeds it with what it reads from the broker, so that each process decodes a message once.
 */
import type { StoredEvent } from '../events/model.js';
import type { EventFilter } from '../events/store.js';
import {
  type BusListener,
  type BusQueue,
  DEFAULT_QUEUE_BYTES,
  type QueueBatch,
  type QueueGap,
  type QueueOptions,
} from './bus.js';
import { compileFilter, type MessageMatcher } from './filter.js';
import { BusMessage } from './message.js';

interface Indexed {
  readonly filter: EventFilter;
  readonly matches: MessageMatcher;
}

class QueueSubscriber implements BusQueue, Indexed {
  readonly matches: MessageMatcher;
  private items: BusMessage[] = [];
  private bytes = 0;
  private lastQueuedId = 0;
  private gap: QueueGap | null = null;
  private dropped = 0;
  private closed = false;
  /** Set while this queue waits in the fan-out's list of queues to notify after a publish. */
  notifyPending = false;

  constructor(
    readonly filter: EventFilter,
    private readonly maxBytes: number,
    readonly onReadable: () => void,
    readonly onDrop: ((first: boolean) => void) | undefined,
    private readonly detach: (queue: QueueSubscriber) => void,
  ) {
    this.matches = compileFilter(filter);
  }

  get queuedBytes(): number {
    return this.bytes;
  }

  get droppedTotal(): number {
    return this.dropped;
  }

  /** Returns true when the consumer must be told (the queue turned non-empty or overflowed). */
  offer(message: BusMessage): boolean {
    if (this.gap !== null) {
      this.gap.dropped++;
      this.dropped++;
      return false;
    }
    const size = message.bytes;
    // An empty queue always takes the message, so one event larger than the bound still flows.
    if (this.items.length > 0 && this.bytes + size > this.maxBytes) {
      this.gap = { lastId: this.lastQueuedId, dropped: 1 };
      this.dropped++;
      return true;
    }
    this.items.push(message);
    this.bytes += size;
    this.lastQueuedId = message.id;
    return this.items.length === 1;
  }

  get overflowed(): boolean {
    return this.gap !== null;
  }

  take(): QueueBatch {
    const batch: QueueBatch = { messages: this.items, gap: this.gap };
    if (this.items.length > 0) this.items = [];
    this.bytes = 0;
    this.gap = null;
    return batch;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.items = [];
    this.bytes = 0;
    this.detach(this);
  }
}

interface ListenerSubscriber {
  readonly listener: BusListener;
  readonly matches: MessageMatcher | null;
}

export class Fanout {
  /** Queues by event type they ask for; queues without a type filter by symbol; the rest. */
  private readonly byType = new Map<string, Set<QueueSubscriber>>();
  private readonly bySymbol = new Map<string, Set<QueueSubscriber>>();
  private readonly unindexed = new Set<QueueSubscriber>();
  private readonly listeners = new Set<ListenerSubscriber>();
  private readonly toNotify: QueueSubscriber[] = [];
  private queueCount = 0;

  constructor(private readonly onSubscriberError: (error: unknown) => void) {}

  get queues(): number {
    return this.queueCount;
  }

  /** Deliver committed events; the messages are created only when some subscriber could want them. */
  deliverEvents(events: readonly StoredEvent[]): void {
    if (events.length === 0) return;
    if (this.listeners.size > 0) this.notifyListeners(events, null);
    if (this.queueCount === 0) return;
    for (const event of events) this.offer(new BusMessage(event));
    this.notifyQueues();
  }

  /** Deliver messages decoded from a broker. */
  deliverMessages(messages: readonly BusMessage[]): void {
    if (messages.length === 0) return;
    if (this.listeners.size > 0) this.notifyListeners(null, messages);
    if (this.queueCount === 0) return;
    for (const message of messages) this.offer(message);
    this.notifyQueues();
  }

  addListener(listener: BusListener, filter?: EventFilter): () => void {
    const subscriber: ListenerSubscriber = { listener, matches: filter ? compileFilter(filter) : null };
    this.listeners.add(subscriber);
    return () => {
      this.listeners.delete(subscriber);
    };
  }

  openQueue(options: QueueOptions): BusQueue {
    const filter = options.filter ?? {};
    const queue = new QueueSubscriber(
      filter,
      options.maxBytes ?? DEFAULT_QUEUE_BYTES,
      options.onReadable,
      options.onDrop,
      (closed) => this.removeQueue(closed),
    );
    for (const bucket of this.bucketsOf(filter, true)) bucket.add(queue);
    this.queueCount++;
    return queue;
  }

  clear(): void {
    this.listeners.clear();
    this.byType.clear();
    this.bySymbol.clear();
    this.unindexed.clear();
    this.queueCount = 0;
  }

  private removeQueue(queue: QueueSubscriber): void {
    let removed = false;
    for (const bucket of this.bucketsOf(queue.filter, false)) removed = bucket.delete(queue) || removed;
    if (removed) this.queueCount--;
    this.pruneEmpty(queue.filter);
  }

  private bucketsOf(filter: EventFilter, create: boolean): Set<QueueSubscriber>[] {
    const bucket = (index: Map<string, Set<QueueSubscriber>>, key: string) => {
      let set = index.get(key);
      if (!set && create) index.set(key, (set = new Set()));
      return set;
    };
    if (filter.eventTypes && filter.eventTypes.length > 0) {
      return filter.eventTypes.map((type) => bucket(this.byType, type)).filter((set) => set !== undefined);
    }
    if (filter.symbol !== undefined) {
      const set = bucket(this.bySymbol, filter.symbol);
      return set ? [set] : [];
    }
    return [this.unindexed];
  }

  private pruneEmpty(filter: EventFilter): void {
    for (const type of filter.eventTypes ?? [])
      if (this.byType.get(type)?.size === 0) this.byType.delete(type);
    if (filter.symbol !== undefined && this.bySymbol.get(filter.symbol)?.size === 0)
      this.bySymbol.delete(filter.symbol);
  }

  private offer(message: BusMessage): void {
    const event = message.event;
    const typed = this.byType.get(event.event_type);
    if (typed) for (const queue of typed) this.offerTo(queue, message);
    if (event.symbol !== undefined) {
      const bySymbol = this.bySymbol.get(event.symbol);
      if (bySymbol) for (const queue of bySymbol) this.offerTo(queue, message);
    }
    for (const queue of this.unindexed) this.offerTo(queue, message);
  }

  private offerTo(queue: QueueSubscriber, message: BusMessage): void {
    if (!queue.matches(message)) return;
    const wasOverflowed = queue.overflowed;
    const dropsBefore = queue.droppedTotal;
    if (queue.offer(message) && !queue.notifyPending) {
      queue.notifyPending = true;
      this.toNotify.push(queue);
    }
    const onDrop = queue.onDrop;
    if (onDrop && queue.droppedTotal > dropsBefore) this.guard(() => onDrop(!wasOverflowed));
  }

  private notifyQueues(): void {
    const queues = this.toNotify;
    for (let i = 0; i < queues.length; i++) {
      const queue = queues[i]!;
      queue.notifyPending = false;
      this.guard(queue.onReadable);
    }
    queues.length = 0;
  }

  private notifyListeners(
    events: readonly StoredEvent[] | null,
    messages: readonly BusMessage[] | null,
  ): void {
    const all = events ?? messages!.map((message) => message.event);
    for (const subscriber of this.listeners) {
      let batch: readonly StoredEvent[] = all;
      if (subscriber.matches) {
        const matches = subscriber.matches;
        const source = messages ?? all.map((event) => new BusMessage(event));
        batch = source.filter((message) => matches(message)).map((message) => message.event);
      }
      if (batch.length === 0) continue;
      try {
        subscriber.listener(batch);
      } catch (error) {
        this.onSubscriberError(error);
      }
    }
  }

  private guard(callback: () => void): void {
    try {
      callback();
    } catch (error) {
      this.onSubscriberError(error);
    }
  }
}
