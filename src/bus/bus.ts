/**
 * The Bus port: committed events fan out to live subscribers (gateway, alerts, Telegram, ...).
 * Adapters: in-process (`memory.ts`, the default) and Redis Streams (scale-out); every adapter
 * passes the contract suite in `bus.contract.ts`.
 *
 * Invariant: `publish` is called only after the events are committed, in id order. A subscriber
 * never sees an event that does not match its filter, and a slow subscriber never delays the
 * others: queued subscribers have a bounded queue measured in bytes and lose messages (told by a
 * gap) rather than hold the publisher or grow without limit.
 */
import type { StoredEvent } from '../events/model.js';
import type { EventFilter } from '../events/store.js';
import type { BusMessage } from './message.js';

/** Queue bound of a subscriber that does not choose one: 1 MiB of serialised events. */
export const DEFAULT_QUEUE_BYTES = 1024 * 1024;

export type BusListener = (events: readonly StoredEvent[]) => void;

export interface QueueOptions {
  /** Only events matching this filter are queued. @default every event */
  filter?: EventFilter;
  /** Bound of the queue in bytes of serialised events. @default DEFAULT_QUEUE_BYTES */
  maxBytes?: number;
  /**
   * Called when the queue turns non-empty, and when it first overflows. Runs inside `publish`:
   * it must only schedule work (e.g. a socket flush), never do it.
   */
  onReadable: () => void;
  /**
   * Called for every message dropped because the queue is full; `first` marks the first drop
   * since the last `take` (the moment to disconnect a slow client, if that is the policy).
   */
  onDrop?: (first: boolean) => void;
}

/** Messages lost to an overflow: the consumer saw everything up to `lastId`, then missed `dropped`. */
export interface QueueGap {
  lastId: number;
  dropped: number;
}

export interface QueueBatch {
  /** Queued messages, ascending ids, all with id <= gap.lastId when there is a gap. */
  messages: BusMessage[];
  /** Set when messages were dropped after these; re-read from the store after `gap.lastId`. */
  gap: QueueGap | null;
}

/** A pull subscriber: the bus queues matching messages; the consumer takes them when it can write. */
export interface BusQueue {
  /** Bytes waiting in the queue. */
  readonly queuedBytes: number;
  /** Messages dropped since the queue was opened. */
  readonly droppedTotal: number;
  /**
   * Everything queued so far (the queue becomes empty). After an overflow the batch carries the
   * gap, and the queue accepts messages again from the next publish on.
   */
  take(): QueueBatch;
  /** Stop receiving; idempotent. */
  close(): void;
}

export interface EventBus {
  readonly kind: string;
  /** Hand committed events (ascending ids) to every subscriber. Never throws, never blocks on a subscriber. */
  publish(events: readonly StoredEvent[]): void;
  /**
   * Push subscriber for in-process components: called with every published batch's matching
   * events, in id order. Returns the unsubscribe function.
   */
  subscribe(listener: BusListener, filter?: EventFilter): () => void;
  /** Pull subscriber with a bounded queue (the gateway's per-client subscriptions). */
  openQueue(options: QueueOptions): BusQueue;
  close(): Promise<void>;
}
