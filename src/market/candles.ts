/**
 * OHLCV candles (1s, 1m, 5m) built incrementally from trades, bucketed by trade time.
 *
 * Window rule (SOURCES.md): a trade with time T belongs to [start, start + interval). O is the
 * first trade of the window in arrival order and C the last; volume is summed in integer units of
 * 1e-8 so that it is exact for Binance's 8-decimal quantities.
 */
export const CANDLE_INTERVALS = { '1s': 1_000, '1m': 60_000, '5m': 300_000 } as const;
export type CandleInterval = keyof typeof CANDLE_INTERVALS;
export const CANDLE_INTERVAL_NAMES = Object.keys(CANDLE_INTERVALS) as CandleInterval[];

const VOLUME_UNITS = 1e8;

/** The public shape (GET /market/candles): t is the window start, epoch ms. */
export interface Candle {
  t: number;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
  n: number;
}

/** A candle as kept and stored: volume in integer units of 1e-8. */
export interface Bar {
  symbol: string;
  interval: CandleInterval;
  t: number;
  o: number;
  h: number;
  l: number;
  c: number;
  volumeUnits: number;
  n: number;
}

export function toCandle(bar: Bar): Candle {
  return { t: bar.t, o: bar.o, h: bar.h, l: bar.l, c: bar.c, v: bar.volumeUnits / VOLUME_UNITS, n: bar.n };
}

export interface CandleBuilderOptions {
  /**
   * Bars kept in memory per symbol and interval; a trade older than the oldest kept bar is
   * ignored (it would be minutes late even for 1s bars).
   * @default 600
   */
  keep?: number;
}

export class CandleBuilder {
  private readonly series = new Map<string, Bar[][]>();
  private readonly dirty = new Set<Bar>();
  private readonly keep: number;

  constructor(options: CandleBuilderOptions = {}) {
    this.keep = options.keep ?? 600;
  }

  addTrade(symbol: string, ts: number, price: number, qty: number): void {
    const series = this.seriesOf(symbol);
    const units = Math.round(qty * VOLUME_UNITS);
    for (let i = 0; i < CANDLE_INTERVAL_NAMES.length; i++) {
      const interval = CANDLE_INTERVAL_NAMES[i]!;
      const size = CANDLE_INTERVALS[interval];
      const bars = series[i]!;
      const t = ts - (ts % size);
      const bar = this.barFor(symbol, interval, bars, t);
      if (!bar) continue;
      if (bar.n === 0) {
        bar.o = bar.h = bar.l = price;
      } else {
        if (price > bar.h) bar.h = price;
        if (price < bar.l) bar.l = price;
      }
      bar.c = price;
      bar.volumeUnits += units;
      bar.n += 1;
      this.dirty.add(bar);
    }
  }

  /** The last `limit` bars (oldest first), including the one still open unless `closedOnly`. */
  recent(symbol: string, interval: CandleInterval, limit: number, closedOnly = false): Bar[] {
    const bars = this.series.get(symbol)?.[CANDLE_INTERVAL_NAMES.indexOf(interval)];
    if (!bars || bars.length === 0) return [];
    const end = closedOnly ? bars.length - 1 : bars.length;
    return bars.slice(Math.max(0, end - limit), end);
  }

  /** Bars changed since the last call, for the store to write. */
  drainDirty(): Bar[] {
    const bars = [...this.dirty];
    this.dirty.clear();
    return bars;
  }

  /** Put bars back in the write set (their write failed). */
  markDirty(bars: readonly Bar[]): void {
    for (const bar of bars) this.dirty.add(bar);
  }

  /** Seed from stored bars (after a restart), oldest first per symbol and interval. */
  load(bars: readonly Bar[]): void {
    for (const bar of bars) {
      const list = this.seriesOf(bar.symbol)[CANDLE_INTERVAL_NAMES.indexOf(bar.interval)]!;
      const last = list[list.length - 1];
      if (last && last.t >= bar.t) continue;
      list.push({ ...bar });
      if (list.length > this.keep) list.shift();
    }
  }

  symbols(): string[] {
    return [...this.series.keys()];
  }

  /** Forget every bar (before loading the store's, which may have moved on meanwhile). */
  clear(): void {
    this.series.clear();
    this.dirty.clear();
  }

  private seriesOf(symbol: string): Bar[][] {
    let series = this.series.get(symbol);
    if (!series) {
      series = CANDLE_INTERVAL_NAMES.map(() => []);
      this.series.set(symbol, series);
    }
    return series;
  }

  private barFor(symbol: string, interval: CandleInterval, bars: Bar[], t: number): Bar | undefined {
    const last = bars[bars.length - 1];
    if (!last || t > last.t) {
      const bar: Bar = { symbol, interval, t, o: 0, h: 0, l: 0, c: 0, volumeUnits: 0, n: 0 };
      bars.push(bar);
      if (bars.length > this.keep) bars.shift();
      return bar;
    }
    if (t === last.t) return last;
    // A late trade: find its window among the kept bars (newest first, it is usually close).
    for (let i = bars.length - 2; i >= 0; i--) {
      const bar = bars[i]!;
      if (bar.t === t) return bar;
      if (bar.t < t) {
        const inserted: Bar = { symbol, interval, t, o: 0, h: 0, l: 0, c: 0, volumeUnits: 0, n: 0 };
        bars.splice(i + 1, 0, inserted);
        return inserted;
      }
    }
    return undefined;
  }
}
