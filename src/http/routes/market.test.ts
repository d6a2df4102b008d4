import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLeviBot, type LeviBot, loadRuntimeConfig } from '../../app/app.js';
import { BTC_CAPTURES, loadCaptureTicks } from '../../market/index.js';

let levibot: LeviBot;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'levibot-market-'));
  levibot = await createLeviBot(
    loadRuntimeConfig({ env: { DATA_DIR: dir, LOG_LEVEL: 'silent', FEED: 'replay' }, file: '' }),
  );
  // The shipped BTC tape through the real hub (candles, tick store), without starting a feed.
  for (const tick of loadCaptureTicks(BTC_CAPTURES)) levibot.market.hub.ingest(tick);
});

afterAll(async () => {
  await levibot.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('market API', () => {
  it('market API - GET /market/candles serves the reference 5m candles from the tick store', async () => {
    const response = await levibot.http.inject({
      url: '/market/candles?symbol=BTCUSDT&interval=5m&since=2024-08-08T23:55:00Z&until=2024-08-09T00:05:00Z',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      symbol: 'BTC/USDT',
      interval: '5m',
      candles: [
        {
          t: Date.parse('2024-08-08T23:55:00Z'),
          o: 61828,
          h: 61860.8,
          l: 61583.22,
          c: 61685.99,
          v: 199.42863,
          n: 8863,
        },
        {
          t: Date.parse('2024-08-09T00:00:00Z'),
          o: 61686,
          h: 61744.37,
          l: 61556.04,
          c: 61607.99,
          v: 221.61722,
          n: 9913,
        },
      ],
    });
  });

  it('market API - limit keeps the most recent candles of the range, oldest first; since accepts epoch ms', async () => {
    const since = Date.parse('2024-08-08T23:55:00Z');
    const candles = (
      await levibot.http.inject({ url: `/market/candles?symbol=BTC/USDT&interval=1m&since=${since}&limit=3` })
    ).json().candles;
    expect(candles.map((candle: { t: number }) => new Date(candle.t).toISOString())).toEqual([
      '2024-08-09T00:03:00.000Z',
      '2024-08-09T00:04:00.000Z',
      '2024-08-09T00:05:00.000Z',
    ]);
    const minute = (
      await levibot.http.inject({
        url: '/market/candles?symbol=BTCUSDT&interval=1m&since=2024-08-09T00:01:00Z&limit=1&until=2024-08-09T00:02:00Z',
      })
    ).json();
    expect(minute.candles).toEqual([
      {
        t: Date.parse('2024-08-09T00:01:00Z'),
        o: 61631.79,
        h: 61631.79,
        l: 61556.04,
        c: 61589.99,
        v: 79.69369,
        n: 2931,
      },
    ]);
  });

  it('market API - GET /market/last gives the latest tick', async () => {
    const last = (await levibot.http.inject({ url: '/market/last?symbol=btcusdt' })).json();
    expect(last).toMatchObject({ symbol: 'BTC/USDT', last: 61602.02 });
    expect(last.bid).toBeGreaterThan(0);
    expect(last.ask).toBeGreaterThan(last.bid);
    expect(Date.parse(last.ts)).toBeGreaterThan(Date.parse('2024-08-09T00:05:00Z'));
  });

  it.each([
    ['/market/last', 'symbol'],
    ['/market/last?symbol=BTC/USDT/X', 'symbol'],
    ['/market/candles?symbol=BTCUSDT&interval=2m', 'interval'],
    ['/market/candles?symbol=BTCUSDT&limit=0', 'limit'],
    ['/market/candles?symbol=BTCUSDT&since=yesterday', 'since'],
    ['/market/candles?symbol=BTCUSDT&since=2024-08-09T00:00:00Z&until=2024-08-08T00:00:00Z', 'until'],
  ])('market API - %s is a 400 naming %s', async (url, field) => {
    const response = await levibot.http.inject({ url });
    expect(response.statusCode).toBe(400);
    expect(response.json().field).toBe(field);
  });

  it('market API - a symbol without data is a 404, and the tick counter is exported', async () => {
    expect((await levibot.http.inject({ url: '/market/last?symbol=DOGEUSDT' })).statusCode).toBe(404);
    const metrics = (await levibot.http.inject({ url: '/metrics/prom' })).body;
    expect(metrics).toMatch(/levibot_feed_ticks_total\{symbol="BTC\/USDT"\} \d+/);
    expect(metrics).toContain('levibot_equity 10000');
  });
});
