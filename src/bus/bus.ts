/**
 * The Bus port: committed events fan out to live subscribers (gateway, alerts, Telegram, ...).
 * Adapters: in-process (`memory.ts`, the default) and Redis Streams (scale-out).
 * Invariant: `publish` is called only after the events are committed, in id order.
 */
import type { StoredEvent } from '../events/model.js';

export type BusListener = (events: readonly StoredEvent[]) => void;

export interface EventBus {
  readonly kind: string;
  /** Hand committed events (ascending ids) to every subscriber. Never throws, never blocks on a subscriber. */
  publish(events: readonly StoredEvent[]): void;
  /** Receive every published event in id order; returns the unsubscribe function. */
  subscribe(listener: BusListener): () => void;
  close(): Promise<void>;
}
