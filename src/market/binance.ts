/**
 * Binance spot stream payloads (trade, aggTrade, bookTicker, depthUpdate) turned into normalised
 * ticks. Used by the replay feed on the recorded captures; the live feed goes through ccxt instead.
 */
import { normalizeSymbol } from '../shared/symbols.js';
import { emptyTopOfBook, type Tick, type TopOfBook } from './tick.js';

/** What a Binance stream message carries, loosely typed: the fields we read. */
export interface BinancePayload {
  e?: string | undefined;
  E?: number | undefined;
  s?: string | undefined;
  /** trade / aggTrade */
  T?: number | undefined;
  p?: string | undefined;
  q?: string | undefined;
  m?: boolean | undefined;
  /** bookTicker: best bid/ask and their sizes (other payloads use these letters for other things) */
  b?: unknown;
  B?: string | undefined;
  a?: unknown;
  A?: string | undefined;
}

interface SymbolState extends TopOfBook {
  symbol: string;
  /** Latest exchange time seen for this symbol. */
  ts: number;
}

/**
 * Keeps the top of book and last price per symbol and produces one tick per trade or book update.
 *
 * Spot bookTicker messages carry no exchange time, and the recording clock is skewed from the
 * exchange's (SOURCES.md: about 1.27 s behind). A book update is therefore stamped with the receive
 * time corrected by the skew measured on the latest message that had an event time `E`, and never
 * earlier than the symbol's previous tick.
 */
export class BinanceTickBuilder {
  private readonly states = new Map<string, SymbolState>();
  private readonly names = new Map<string, string>();
  private skewMs: number | null = null;

  /** Returns the tick this message produces, or null (depth updates, klines, unknown shapes). */
  apply(data: BinancePayload, receivedAtMs: number): Tick | null {
    const rawSymbol = data.s;
    if (typeof rawSymbol !== 'string') return null;
    if (typeof data.E === 'number') this.skewMs = data.E - receivedAtMs;
    const event = data.e;
    if (event === 'trade' || event === 'aggTrade') {
      const state = this.state(rawSymbol);
      const price = Number(data.p);
      const qty = Number(data.q);
      const ts = typeof data.T === 'number' ? data.T : (data.E ?? receivedAtMs);
      if (!(price > 0) || !(qty > 0)) return null;
      state.last = price;
      if (ts > state.ts) state.ts = ts;
      return {
        symbol: state.symbol,
        ts,
        bid: state.bid,
        ask: state.ask,
        bidQty: state.bidQty,
        askQty: state.askQty,
        last: price,
        qty,
        // `m`: the buyer was the maker, so the aggressor sold.
        side: data.m ? 'sell' : 'buy',
      };
    }
    if (event === undefined && typeof data.b === 'string' && typeof data.a === 'string') {
      const state = this.state(rawSymbol);
      const bid = Number(data.b);
      const ask = Number(data.a);
      if (!(bid > 0) || !(ask > 0)) return null;
      state.bid = bid;
      state.ask = ask;
      state.bidQty = Number(data.B);
      state.askQty = Number(data.A);
      const estimated = Math.round(receivedAtMs + (this.skewMs ?? 0));
      if (estimated > state.ts) state.ts = estimated;
      return {
        symbol: state.symbol,
        ts: state.ts,
        bid,
        ask,
        bidQty: state.bidQty,
        askQty: state.askQty,
        last: state.last,
        qty: 0,
        side: null,
      };
    }
    return null;
  }

  private state(rawSymbol: string): SymbolState {
    let state = this.states.get(rawSymbol);
    if (!state) {
      let symbol = this.names.get(rawSymbol);
      if (!symbol) {
        symbol = normalizeSymbol(rawSymbol);
        this.names.set(rawSymbol, symbol);
      }
      state = { symbol, ...emptyTopOfBook(), ts: 0 };
      this.states.set(rawSymbol, state);
    }
    return state;
  }
}
