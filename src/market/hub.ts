/**
 * The MarketHub is the in-process TickSource: every tick from the feed passes through it once.
 * It keeps the last tick per symbol, builds candles, buffers ticks and changed candles for batch
 * writes to the TickStore, counts ticks per symbol, and fans ticks out to subscribers
 * synchronously (the paper engine's PnL is up to date when `ingest` returns). Store writes are
 * asynchronous, one at a time, and never on the tick path.
 *
 * On an instance that does not run the feed (a follower), ticks relayed from the leader come in
 * through `observe`: they update the last tick and reach subscribers, nothing more.
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

/** Bars per symbol and interval loaded back from the store (the candle builder keeps 600). */
const RESTORED_BARS = 600;

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
  /** The write in progress (and those queued behind it): writes never overlap. */
  private writes: Promise<void> = Promise.resolve();
  private readonly recordTicks: boolean;

  constructor(private readonly options: MarketHubOptions = {}) {
    this.recordTicks = options.recordTicks ?? true;
  }

  /**
   * Start from the store: recent candles (the candle builder continues them) and the last tick
   * of each symbol. Anything built in memory before is dropped: the store is the truth (another
   * instance may have written since).
   */
  async restore(symbols: readonly string[]): Promise<void> {
    const store = this.options.store;
    if (!store) return;
    await this.flush();
    const bars = await store.recentBars(RESTORED_BARS);
    const last = await Promise.all(symbols.map((symbol) => store.lastTick(symbol)));
    this.candles.clear();
    this.candles.load(bars);
    for (const tick of last) {
      const seen = this.last.get(tick?.symbol ?? '');
      if (tick && (!seen || seen.ts <= tick.ts)) this.last.set(tick.symbol, tick);
    }
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
        this.flushSoon ??= setImmediate(() => void this.flush());
      } else if (!this.flushTimer) {
        this.flushTimer = setTimeout(() => void this.flush(), this.options.flushMs ?? 250);
      }
    }
    const wildcard = this.wildcard;
    for (let i = 0; i < wildcard.length; i++) wildcard[i]!(tick);
    const own = this.listeners.get(symbol);
    if (own) for (let i = 0; i < own.length; i++) own[i]!(tick);
  }

  /** A tick seen by another instance's feed: last tick and subscribers only (no candles, no writes). */
  observe(tick: Tick): void {
    this.last.set(tick.symbol, tick);
    const wildcard = this.wildcard;
    for (let i = 0; i < wildcard.length; i++) wildcard[i]!(tick);
    const own = this.listeners.get(tick.symbol);
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

  /** Last tick seen (or restored from the store). */
  lastTick(symbol: string): Tick | undefined {
    return this.last.get(symbol);
  }

  /** Last tick seen, or the store's when this process has none (a follower reading the shared history). */
  async lastStoredTick(symbol: string): Promise<Tick | undefined> {
    return this.last.get(symbol) ?? (await this.options.store?.lastTick(symbol));
  }

  symbols(): string[] {
    return [...new Set([...this.last.keys(), ...this.candles.symbols()])].sort();
  }

  tickCounts(): ReadonlyMap<string, number> {
    return this.counts;
  }

  /** Candles of a window, oldest first, the open one included. */
  async candleRange(
    symbol: string,
    interval: CandleInterval,
    range: { sinceMs?: number; untilMs?: number; limit: number },
  ): Promise<Candle[]> {
    if (!this.options.store) {
      const since = range.sinceMs ?? Number.NEGATIVE_INFINITY;
      const until = range.untilMs ?? Number.POSITIVE_INFINITY;
      const bars = this.candles
        .recent(symbol, interval, Number.MAX_SAFE_INTEGER)
        .filter((bar) => bar.t >= since && bar.t < until);
      return bars.slice(-range.limit).map(toCandle);
    }
    await this.flush();
    return (await this.options.store.candles({ symbol, interval, ...range })).map(toCandle);
  }

  /** The last closed bars (for ATR), oldest first. */
  closedBars(symbol: string, interval: CandleInterval, count: number): Bar[] {
    return this.candles.recent(symbol, interval, count, true);
  }

  /** Write buffered ticks and changed candles now; resolves when they are stored (or failed). */
  flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    if (this.flushSoon) clearImmediate(this.flushSoon);
    this.flushTimer = null;
    this.flushSoon = null;
    if (!this.options.store) return Promise.resolve();
    // Queued behind the write in progress; it takes whatever is buffered when its turn comes.
    this.writes = this.writes.then(() => this.writeBuffered());
    return this.writes;
  }

  private async writeBuffered(): Promise<void> {
    const store = this.options.store!;
    const ticks = this.pending;
    const bars = this.candles.drainDirty();
    if (ticks.length === 0 && bars.length === 0) return;
    this.pending = [];
    try {
      await store.write(ticks, bars);
    } catch (error) {
      // Keep what failed so that the next flush retries it; the feed keeps flowing meanwhile.
      this.pending = ticks.concat(this.pending);
      this.candles.markDirty(bars);
      this.options.onStoreError?.(error);
    }
  }

  async close(): Promise<void> {
    await this.flush();
    if (this.flushTimer) clearTimeout(this.flushTimer);
    if (this.flushSoon) clearImmediate(this.flushSoon);
    this.flushTimer = null;
    this.flushSoon = null;
  }
}
