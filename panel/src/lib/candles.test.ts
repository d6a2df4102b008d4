import { describe, expect, it } from 'vitest';
import type { Candle } from '../api/types.js';
import { applyTrade } from './candles.js';

const MINUTE = 60_000;
const base: Candle[] = [{ t: 10 * MINUTE, o: 100, h: 101, l: 99, c: 100.5, v: 2, n: 4 }];

describe('live candles', () => {
  it('market chart - a trade inside the last candle moves its high, close and volume', () => {
    const [candle] = applyTrade(base, 10 * MINUTE + 30_000, 102, 0.5, MINUTE);
    expect(candle).toEqual({ t: 10 * MINUTE, o: 100, h: 102, l: 99, c: 102, v: 2.5, n: 5 });
  });

  it('market chart - a trade after the last window opens a new candle at its price', () => {
    const candles = applyTrade(base, 12 * MINUTE + 1, 98, 1, MINUTE);
    expect(candles).toHaveLength(2);
    expect(candles[1]).toEqual({ t: 12 * MINUTE, o: 98, h: 98, l: 98, c: 98, v: 1, n: 1 });
  });

  it('market chart - a late trade from an older window leaves the candles alone', () => {
    expect(applyTrade(base, 9 * MINUTE, 50, 1, MINUTE)).toEqual(base);
  });
});
