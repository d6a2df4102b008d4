/**
 * The MarketHub is the in-process TickSource: every tick from the feed passes through it once.
 * It keeps the last tick per symbol, builds candles, buffers ticks and changed candles for batch
 * writes to the TickStore, counts ticks per symbol, and fans ticks out to subscribers
 * synchronously (the paper engine's PnL is up to date when `ingest` returns).
 */
import { type Bar, CandleBuilder, type CandleInterval, toCandle, type Candle } from './candles.js';
import type { TickStore } from './store.js';
import type { Tick, TickListener, TickSource } from './tick.js';

export interface MarketHubOptions {
  /** Durable ticks and candles; without one, candles live in memory only. */
  store?: TickStore;
  /** Record raw ticks (candles are written either way). @default true */
  recordTicks?: boolean;
  /** Largest delay before buffered writes go to the store. @default 250 */
  flushMs?: number;
  /** Buffered ticks that trigger a write at once. @default 5000 */
  flushTicks?: number;
  /** Called with a write failure; the batch is kept and retried with the next one. */
  onStoreError?: (error: unknown) => void;
}

const NO_LISTENERS: readonly TickListener[] = [];

export class MarketHub implements TickSource {
  readonly candles = new CandleBuilder();
  private readonly last = new Map<string, Tick>();
  private readonly counts = new Map<string, number>();
  private listeners = new Map<string, TickListener[]>();
  private wildcard: readonly TickListener[] = NO_LISTENERS;
  private pending: Tick[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private flushSoon: NodeJS.Immediate | null = null;
  private readonly recordTicks: boolean;

  constructor(private readonly options: MarketHubOptions = {}) {
    this.recordTicks = options.recordTicks ?? true;
    if (options.store) this.candles.load(options.store.recentBars(600));
  }

  /** Entry point of every tick. */
  ingest(tick: Tick): void {
    const symbol = tick.symbol;
    this.last.set(symbol, tick);
    this.counts.set(symbol, (this.counts.get(symbol) ?? 0) + 1);
    if (tick.side !== null && tick.qty > 0) this.candles.addTrade(symbol, tick.ts, tick.last, tick.qty);
    if (this.options.store) {
      if (this.recordTicks) this.pending.push(tick);
      // Writes never run inside a tick's fan-out: a full buffer is written right after this burst.
      if (this.pending.length >= (this.options.flushTicks ?? 5000)) {
        this.flushSoon ??= setImmediate(() => this.flush());
      } else if (!this.flushTimer) {
        this.flushTimer = setTimeout(() => this.flush(), this.options.flushMs ?? 250);
      }
    }
    const wildcard = this.wildcard;
    for (let i = 0; i < wildcard.length; i++) wildcard[i]!(tick);
    const own = this.listeners.get(symbol);
    if (own) for (let i = 0; i < own.length; i++) own[i]!(tick);
  }

  subscribeTicks(symbol: string, listener: TickListener): () => void {
    if (symbol === '*') this.wildcard = [...this.wildcard, listener];
    else this.listeners.set(symbol, [...(this.listeners.get(symbol) ?? []), listener]);
    // Lists are replaced, never mutated, so a fan-out in progress is not disturbed.
    return () => {
      if (symbol === '*') this.wildcard = this.wildcard.filter((item) => item !== listener);
      else
        this.listeners.set(
          symbol,
          (this.listeners.get(symbol) ?? []).filter((item) => item !== listener),
        );
    };
  }

  lastTick(symbol: string): Tick | undefined {
    return this.last.get(symbol) ?? this.options.store?.lastTick(symbol);
  }

  symbols(): string[] {
    return [...new Set([...this.last.keys(), ...this.candles.symbols()])].sort();
  }

  tickCounts(): ReadonlyMap<string, number> {
    return this.counts;
  }

  /** Candles of a window, oldest first, the open one included. */
  candleRange(
    symbol: string,
    interval: CandleInterval,
    range: { sinceMs?: number; untilMs?: number; limit: number },
  ): Candle[] {
    if (!this.options.store) {
      const since = range.sinceMs ?? Number.NEGATIVE_INFINITY;
      const until = range.untilMs ?? Number.POSITIVE_INFINITY;
      const bars = this.candles
        .recent(symbol, interval, Number.MAX_SAFE_INTEGER)
        .filter((bar) => bar.t >= since && bar.t < until);
      return bars.slice(-range.limit).map(toCandle);
    }
    this.flush();
    return this.options.store.candles({ symbol, interval, ...range }).map(toCandle);
  }

  /** The last closed bars (for ATR), oldest first. */
  closedBars(symbol: string, interval: CandleInterval, count: number): Bar[] {
    return this.candles.recent(symbol, interval, count, true);
  }

  /** Write buffered ticks and changed candles now. */
  flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    if (this.flushSoon) clearImmediate(this.flushSoon);
    this.flushTimer = null;
    this.flushSoon = null;
    const store = this.options.store;
    if (!store) return;
    const ticks = this.pending;
    const bars = this.candles.drainDirty();
    this.pending = [];
    try {
      store.write(ticks, bars);
    } catch (error) {
      // Keep what failed so that the next flush retries it; the feed keeps flowing meanwhile.
      this.pending = ticks.concat(this.pending);
      this.candles.markDirty(bars);
      this.options.onStoreError?.(error);
    }
  }

  close(): void {
    this.flush();
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
  }
}
