import { describe, expect, it } from 'vitest';
import { CandleBuilder, toCandle, type CandleInterval } from './candles.js';
import { BTC_CAPTURES } from './fixtures.js';
import { loadCaptureTicks } from './replay/capture.js';

/** The reference candles of fixtures/market/SOURCES.md, computed independently from the BTC trades. */
const REFERENCE: {
  interval: CandleInterval;
  start: string;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
  n: number;
}[] = [
  {
    interval: '5m',
    start: '2024-08-08T23:55:00Z',
    o: 61828.0,
    h: 61860.8,
    l: 61583.22,
    c: 61685.99,
    v: 199.42863,
    n: 8863,
  },
  {
    interval: '5m',
    start: '2024-08-09T00:00:00Z',
    o: 61686.0,
    h: 61744.37,
    l: 61556.04,
    c: 61607.99,
    v: 221.61722,
    n: 9913,
  },
  {
    interval: '1m',
    start: '2024-08-08T23:55:00Z',
    o: 61828.0,
    h: 61860.8,
    l: 61780.0,
    c: 61782.25,
    v: 15.07702,
    n: 1255,
  },
  {
    interval: '1m',
    start: '2024-08-08T23:58:00Z',
    o: 61652.0,
    h: 61745.27,
    l: 61583.22,
    c: 61717.63,
    v: 77.14202,
    n: 3216,
  },
  {
    interval: '1m',
    start: '2024-08-09T00:01:00Z',
    o: 61631.79,
    h: 61631.79,
    l: 61556.04,
    c: 61589.99,
    v: 79.69369,
    n: 2931,
  },
];

describe('candles', () => {
  it('candles - built from the shipped BTC capture equal the reference candles', () => {
    const builder = new CandleBuilder();
    let trades = 0;
    for (const tick of loadCaptureTicks(BTC_CAPTURES)) {
      if (tick.side === null) continue;
      trades++;
      builder.addTrade(tick.symbol, tick.ts, tick.last, tick.qty);
    }
    expect(trades).toBe(19_904);
    for (const reference of REFERENCE) {
      const t = Date.parse(reference.start);
      const bar = builder.recent('BTC/USDT', reference.interval, 100).find((candidate) => candidate.t === t);
      expect(bar, `${reference.interval} ${reference.start}`).toBeDefined();
      const { interval: _interval, start: _start, ...expected } = reference;
      expect(toCandle(bar!)).toEqual({ t, ...expected });
    }
  });

  it('candles - trades are bucketed by trade time; O is the first to arrive and C the last', () => {
    const builder = new CandleBuilder();
    builder.addTrade('BTC/USDT', 60_500, 100, 1);
    builder.addTrade('BTC/USDT', 60_100, 105, 0.5); // earlier in the window, arrives later
    builder.addTrade('BTC/USDT', 119_999, 95, 0.25);
    builder.addTrade('BTC/USDT', 120_000, 90, 2);
    const [first, second] = builder.recent('BTC/USDT', '1m', 10).map(toCandle);
    expect(first).toEqual({ t: 60_000, o: 100, h: 105, l: 95, c: 95, v: 1.75, n: 3 });
    expect(second).toEqual({ t: 120_000, o: 90, h: 90, l: 90, c: 90, v: 2, n: 1 });
  });

  it('candles - a late trade updates its own closed window, not the open one', () => {
    const builder = new CandleBuilder();
    builder.addTrade('ETH/USDT', 1_000, 10, 1);
    builder.addTrade('ETH/USDT', 3_000, 12, 1);
    builder.addTrade('ETH/USDT', 1_500, 8, 1);
    builder.addTrade('ETH/USDT', 2_200, 11, 1);
    const bars = builder.recent('ETH/USDT', '1s', 10).map(toCandle);
    expect(bars.map((bar) => [bar.t, bar.l, bar.n])).toEqual([
      [1_000, 8, 2],
      [2_000, 11, 1],
      [3_000, 12, 1],
    ]);
    expect(builder.recent('ETH/USDT', '1s', 10, true).map((bar) => bar.t)).toEqual([1_000, 2_000]);
  });
});
