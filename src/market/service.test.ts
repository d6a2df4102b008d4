import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSettings } from '../config/index.js';
import type { EventInput } from '../events/index.js';
import { DEFAULT_CAPTURES } from './fixtures.js';
import { FakeBinanceServer } from './live/fake-binance.js';
import { MarketService } from './service.js';
import { MARKET_SETTINGS } from './settings.js';

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function service(env: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'levibot-feed-'));
  const events: EventInput[] = [];
  const warnings: string[] = [];
  const market = new MarketService({
    settings: loadSettings(MARKET_SETTINGS, { env, file: '' }),
    dataDir: dir,
    emit: async (event) => events.push(event),
    logger: {
      info: () => undefined,
      warn: (_object, message) => warnings.push(message),
      error: () => undefined,
    },
  });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanups.push(() => market.stop());
  return { market, events, warnings };
}

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function feedStatuses(events: EventInput[]) {
  return events.filter((event) => event.event_type === 'FEED_STATUS').map((event) => event.payload!);
}

describe('market feeds', () => {
  it('live feed - ccxt against a local fake Binance delivers the capture as ticks and candles', async () => {
    const fake = new FakeBinanceServer({ files: DEFAULT_CAPTURES, symbols: ['BTC/USDT', 'ETH/USDT'] });
    const urls = await fake.listen();
    cleanups.push(() => fake.close());
    const { market, events } = service({
      FEED: 'live',
      // Loading ccxt alone can take seconds on a busy machine; these tests are about a feed that connects.
      FEED_CONNECT_TIMEOUT_MS: '30000',
      EXCHANGE_WS_URL: urls.wsUrl,
      EXCHANGE_REST_URL: urls.restUrl,
    });
    await market.start();
    expect(market.status()).toMatchObject({ kind: 'live', replay: false, status: 'connected' });
    expect(feedStatuses(events)[0]).toMatchObject({ status: 'connected', kind: 'live', replay: false });
    // ccxt subscribed with Binance's own protocol (the book subscription may follow the first trade)
    await until(() => fake.received.length >= 2, 'both subscriptions');
    expect(fake.received).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ method: 'SUBSCRIBE', params: ['btcusdt@trade', 'ethusdt@trade'] }),
        expect.objectContaining({
          method: 'SUBSCRIBE',
          params: ['btcusdt@bookTicker', 'ethusdt@bookTicker'],
        }),
      ]),
    );
    await until(() => (market.hub.tickCounts().get('BTC/USDT') ?? 0) > 19_000, 'the BTC trades');
    const last = market.hub.lastTick('BTC/USDT')!;
    expect(last.ts).toBeGreaterThan(Date.parse('2024-08-09T00:00:00Z'));
    expect(last.bid).toBeGreaterThan(61_000);
    // Trades keep their exchange trade time: the 23:58 minute is complete and equals the reference.
    const [minute] = await market.hub.candleRange('BTC/USDT', '1m', {
      sinceMs: Date.parse('2024-08-08T23:58:00Z'),
      untilMs: Date.parse('2024-08-08T23:59:00Z'),
      limit: 1,
    });
    expect(minute).toMatchObject({ o: 61652, h: 61745.27, l: 61583.22, c: 61717.63, n: 3216, v: 77.14202 });
  });

  it('live feed - a dropped connection is reported and the feed reconnects by itself', async () => {
    const fake = new FakeBinanceServer({
      files: DEFAULT_CAPTURES.slice(2),
      symbols: ['ETH/USDT'],
      burst: 5,
      intervalMs: 20,
    });
    const urls = await fake.listen();
    cleanups.push(() => fake.close());
    const { market, events } = service({
      FEED: 'live',
      // Loading ccxt alone can take seconds on a busy machine; these tests are about a feed that connects.
      FEED_CONNECT_TIMEOUT_MS: '30000',
      SYMBOLS: 'ETH/USDT',
      EXCHANGE_WS_URL: urls.wsUrl,
      EXCHANGE_REST_URL: urls.restUrl,
    });
    await market.start();
    fake.dropConnections();
    await until(
      () => feedStatuses(events).some((status) => status.status === 'disconnected'),
      'the disconnect',
    );
    const before = market.status().ticks;
    await until(
      () => market.status().ticks > before + 20 && fake.connections > 0,
      'ticks after reconnecting',
    );
    expect(feedStatuses(events).find((status) => status.status === 'disconnected')).toMatchObject({
      kind: 'live',
      retry_in_s: 1,
    });
  });

  it('live feed - a feed that goes silent is reported stale, and resumed when data flows again', async () => {
    const fake = new FakeBinanceServer({
      files: DEFAULT_CAPTURES.slice(2),
      symbols: ['ETH/USDT'],
      burst: 2000,
      intervalMs: 5,
    });
    const urls = await fake.listen();
    cleanups.push(() => fake.close());
    const { market, events } = service({
      FEED: 'live',
      // Loading ccxt alone can take seconds on a busy machine; these tests are about a feed that connects.
      FEED_CONNECT_TIMEOUT_MS: '30000',
      SYMBOLS: 'ETH/USDT',
      FEED_STALE_S: '1',
      EXCHANGE_WS_URL: urls.wsUrl,
      EXCHANGE_REST_URL: urls.restUrl,
    });
    await market.start();
    // The fake server sends the capture once, then nothing: after FEED_STALE_S the feed is stale.
    await until(() => market.status().status === 'stale', 'the stale report');
    const stale = feedStatuses(events).find((status) => status.status === 'stale')!;
    expect(stale).toMatchObject({ kind: 'live', replay: false });
    expect(stale.stale_s).toBeGreaterThanOrEqual(1);
    fake.dropConnections();
    await until(
      () => feedStatuses(events).some((status) => status.status === 'resumed'),
      'the resume after reconnecting',
    );
    expect(market.status().status).toBe('connected');
  });

  it('live feed - an unreachable exchange falls back loudly to replay', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { market, events, warnings } = service({
      FEED: 'live',
      EXCHANGE_REST_URL: `http://127.0.0.1:${port}`,
      REPLAY_SPEED: '50',
    });
    await market.start();
    expect(market.status()).toMatchObject({
      kind: 'replay',
      requested: 'live',
      replay: true,
      status: 'connected',
    });
    expect(market.status().fallback_reason).toBeTruthy();
    expect(warnings.some((line) => line.includes('FALLING BACK TO REPLAY'))).toBe(true);
    expect(feedStatuses(events)[0]).toMatchObject({
      status: 'fallback',
      kind: 'replay',
      requested: 'live',
      replay: true,
    });
    await until(() => market.status().ticks > 0, 'replayed ticks');
  });

  it('live feed - an exchange that does not answer in FEED_CONNECT_TIMEOUT_MS falls back to replay', async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => silent.close(() => resolve())));
    cleanups.push(() => void silent.closeAllConnections());
    const port = (silent.address() as AddressInfo).port;
    const { market } = service({
      FEED: 'live',
      EXCHANGE_REST_URL: `http://127.0.0.1:${port}`,
      FEED_CONNECT_TIMEOUT_MS: '300',
    });
    await market.start();
    expect(market.status()).toMatchObject({
      kind: 'replay',
      replay: true,
      fallback_reason: 'no data within 300 ms',
    });
  });
});
