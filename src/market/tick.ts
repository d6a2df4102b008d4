/**
 * The normalised market tick every feed produces and every consumer (paper engine, candles,
 * gateway `ticks:<SYMBOL>` channel, SSE /stream/ticks) reads. Ticks are not events: they have
 * their own store and streams because of their volume.
 */
export interface Tick {
  /** `BASE/QUOTE`, e.g. BTC/USDT. */
  symbol: string;
  /** Exchange time, epoch ms (trade time T or event time E, never the local receive clock). */
  ts: number;
  /** Best bid / ask at this moment (NaN until the first book update). */
  bid: number;
  ask: number;
  /** Best bid / ask sizes, when the feed provides them (NaN otherwise). */
  bidQty: number;
  askQty: number;
  /** Last trade price (NaN until the first trade). */
  last: number;
  /** Quantity of the trade that produced this tick; 0 for a book-only update. */
  qty: number;
  /** Aggressor side of the trade; null for a book-only update. */
  side: 'buy' | 'sell' | null;
}

/** Best bid / ask, their sizes and the last trade price: what feeds and the engine keep per symbol. */
export type TopOfBook = Pick<Tick, 'bid' | 'ask' | 'bidQty' | 'askQty' | 'last'>;

/** A symbol nothing is known of yet: every price and size NaN, as in a tick before its first update. */
export function emptyTopOfBook(): TopOfBook {
  return { bid: Number.NaN, ask: Number.NaN, bidQty: Number.NaN, askQty: Number.NaN, last: Number.NaN };
}

export type TickListener = (tick: Tick) => void;

/** Live tick fan-out within the process (the market domain implements it). */
export interface TickSource {
  /** `symbol` = one normalised symbol, or '*' for all. Returns the unsubscribe function. */
  subscribeTicks(symbol: string, listener: TickListener): () => void;
  /** Last tick seen per symbol. */
  lastTick(symbol: string): Tick | undefined;
  /** Symbols the feed currently carries. */
  symbols(): string[];
}
