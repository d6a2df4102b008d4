/** Keeping the newest candle current between fetches: a live trade updates or opens a candle. */
import type { Candle, CandleInterval } from '../api/types.js';

export const INTERVAL_MS: Record<CandleInterval, number> = { '1s': 1000, '1m': 60_000, '5m': 300_000 };

/**
 * `candles` (oldest first) after a trade at `price` and exchange time `ts`: the candle whose window
 * holds `ts` moves its high, low, close and volume; a trade past the last window opens a new
 * candle; a trade older than the last candle changes nothing (the next fetch has it).
 */
export function applyTrade(
  candles: readonly Candle[],
  ts: number,
  price: number,
  qty: number,
  intervalMs: number,
  keep = 500,
): Candle[] {
  const start = Math.floor(ts / intervalMs) * intervalMs;
  const last = candles.at(-1);
  if (last && start < last.t) return candles as Candle[];
  if (last && start === last.t) {
    const updated = {
      ...last,
      h: Math.max(last.h, price),
      l: Math.min(last.l, price),
      c: price,
      v: last.v + qty,
      n: last.n + 1,
    };
    return [...candles.slice(0, -1), updated];
  }
  return [...candles, { t: start, o: price, h: price, l: price, c: price, v: qty, n: 1 }].slice(-keep);
}
