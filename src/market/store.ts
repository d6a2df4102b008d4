/**
 * The TickStore port: durable ticks and candles. Adapter: `sqlite/` (embedded default, its own
 * file DATA_DIR/market.db). Writes come in batches from the MarketHub; reads serve the API.
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
  /** Append ticks and upsert bars (full state) in one transaction. */
  write(ticks: readonly Tick[], bars: readonly Bar[]): void;
  /** Bars in the range, oldest first. */
  candles(query: CandleQuery): Bar[];
  /** Latest stored tick of a symbol (used after a restart, before the feed delivers). */
  lastTick(symbol: string): Tick | undefined;
  /** The last `perSeries` bars of every symbol and interval, oldest first. */
  recentBars(perSeries: number): Bar[];
  /** Retention for these symbols; returns the number of rows removed. */
  deleteBefore(symbols: readonly string[], tickMs: number, candleMs: number): number;
  close(): void;
}
