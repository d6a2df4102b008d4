/**
 * The MarketFeed port. Adapters: `live/` (ccxt pro), `replay/` (recorded captures) and
 * `synthetic/` (seeded random walk). A feed pushes normalised ticks and status changes to a sink.
 */
import type { FeedKind } from './settings.js';
import type { Tick } from './tick.js';

export type FeedStatusChange =
  | { status: 'connected'; detail?: string }
  | { status: 'disconnected'; detail: string; retry_in_s: number }
  | { status: 'stale'; stale_s: number }
  | { status: 'resumed' }
  | { status: 'looped'; loop: number };

export interface FeedSink {
  tick(tick: Tick): void;
  status(change: FeedStatusChange): void;
}

export interface MarketFeed {
  readonly kind: FeedKind;
  /** Normalised symbols it was asked for. */
  readonly symbols: readonly string[];
  /**
   * Start delivering. Resolves once the feed delivers data (live: the first message from the
   * exchange); rejects when it cannot start. Delivery goes on until `stop()`.
   */
  start(sink: FeedSink): Promise<void>;
  stop(): Promise<void>;
}
