/**
 * Ticks as stored rows and as relayed text. A tick's NaN fields (no book yet, no trade yet) are
 * NULL in a database and null in JSON; the aggressor side is stored as 1 (buy) / -1 (sell).
 */
import type { Bar, CandleInterval } from './candles.js';
import type { Tick } from './tick.js';

/** A tick as both databases store it (columns in snake_case). */
export interface TickRow {
  symbol: string;
  ts: number;
  bid: number | null;
  ask: number | null;
  bid_qty: number | null;
  ask_qty: number | null;
  last: number | null;
  qty: number;
  side: number | null;
}

/** A candle as both databases store it. */
export interface BarRow {
  symbol: string;
  interval: string;
  t: number;
  o: number;
  h: number;
  l: number;
  c: number;
  volume_units: number;
  n: number;
}

export function nullIfNaN(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

export function nanIfNull(value: number | null): number {
  return value ?? Number.NaN;
}

export function sideCode(side: Tick['side']): number | null {
  return side === 'buy' ? 1 : side === 'sell' ? -1 : null;
}

export function sideOf(code: number | null): Tick['side'] {
  return code === 1 ? 'buy' : code === -1 ? 'sell' : null;
}

export function rowToTick(row: TickRow): Tick {
  return {
    symbol: row.symbol,
    ts: row.ts,
    bid: nanIfNull(row.bid),
    ask: nanIfNull(row.ask),
    bidQty: nanIfNull(row.bid_qty),
    askQty: nanIfNull(row.ask_qty),
    last: nanIfNull(row.last),
    qty: row.qty,
    side: sideOf(row.side),
  };
}

export function rowToBar(row: BarRow): Bar {
  return {
    symbol: row.symbol,
    interval: row.interval as CandleInterval,
    t: row.t,
    o: row.o,
    h: row.h,
    l: row.l,
    c: row.c,
    volumeUnits: row.volume_units,
    n: row.n,
  };
}

/** A tick's values in the stored column order (symbol, ts, bid, ask, bid_qty, ask_qty, last, qty, side). */
export function tickValues(tick: Tick): [string, number, ...(number | null)[]] {
  return [
    tick.symbol,
    tick.ts,
    nullIfNaN(tick.bid),
    nullIfNaN(tick.ask),
    nullIfNaN(tick.bidQty),
    nullIfNaN(tick.askQty),
    nullIfNaN(tick.last),
    tick.qty,
    sideCode(tick.side),
  ];
}

/** One tick as a compact JSON array of its `tickValues`. */
export function encodeTick(tick: Tick): string {
  return JSON.stringify(tickValues(tick));
}

/** Ticks as a JSON array of `encodeTick` arrays. */
export function encodeTicks(ticks: Iterable<Tick>): string {
  const parts: string[] = [];
  for (const tick of ticks) parts.push(encodeTick(tick));
  return `[${parts.join(',')}]`;
}

/** The inverse of `encodeTicks`; anything malformed is skipped (it came over the network). */
export function decodeTicks(text: string): Tick[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  const ticks: Tick[] = [];
  for (const item of parsed) {
    if (!Array.isArray(item) || item.length !== 9) continue;
    const [symbol, ts, bid, ask, bidQty, askQty, last, qty, side] = item as unknown[];
    if (typeof symbol !== 'string' || typeof ts !== 'number' || typeof qty !== 'number') continue;
    const number = (value: unknown) => (typeof value === 'number' ? value : Number.NaN);
    ticks.push({
      symbol,
      ts,
      bid: number(bid),
      ask: number(ask),
      bidQty: number(bidQty),
      askQty: number(askQty),
      last: number(last),
      qty,
      side: sideOf(typeof side === 'number' ? side : null),
    });
  }
  return ticks;
}
