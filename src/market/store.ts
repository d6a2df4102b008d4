/**
 * The TickStore port: durable ticks and candles. Adapters: `sqlite/` (embedded default, its own
 * file DATA_DIR/market.db) and `postgres/` (several instances sharing one market history).
 * Writes come in batches from the MarketHub, off the tick hot path; reads serve the API.
 */
import type { Bar, CandleInterval } from './candles.js';
import type { Tick } from './tick.js';

export interface CandleQuery {
  symbol: string;
  interval: CandleInterval;
  /** Inclusive lower bound on the window start, epoch ms. */
  sinceMs?: number;
  /** Exclusive upper bound on the window start, epoch ms. */
  untilMs?: number;
  /** The most recent `limit` bars of the range. */
  limit: number;
}

export interface TickStore {
  readonly kind: string;
  /**
   * Append ticks and upsert bars (full state) in one transaction. Bars are the hub's live
   * objects: an adapter reads them before its first await.
   */
  write(ticks: readonly Tick[], bars: readonly Bar[]): Promise<void>;
  /** Bars in the range, oldest first. */
  candles(query: CandleQuery): Promise<Bar[]>;
  /** Latest stored tick of a symbol (the last written among equal times). */
  lastTick(symbol: string): Promise<Tick | undefined>;
  /** The last `perSeries` bars of every symbol and interval, oldest first. */
  recentBars(perSeries: number): Promise<Bar[]>;
  /** Retention; returns the number of rows removed. `symbols` lets an adapter use its per-symbol index. */
  deleteBefore(symbols: readonly string[], tickMs: number, candleMs: number): Promise<number>;
  close(): Promise<void>;
}
