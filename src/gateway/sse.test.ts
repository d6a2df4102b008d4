import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  FakePortfolio,
  FakeTickSource,
  SseProbe,
  startServer,
  type TestServer,
  until,
} from './testing/harness.js';

describe('SSE streams', () => {
  let server: TestServer;
  const ticks = new FakeTickSource();
  const portfolio = new FakePortfolio();
  const probes: SseProbe[] = [];
  const open = async (path: string, headers: Record<string, string> = {}) => {
    const probe = await SseProbe.open(`${server.url}${path}`, headers);
    probes.push(probe);
    return probe;
  };
  const emitOrders = (count: number, symbol = 'BTC/USDT') =>
    server.levibot.log.emit(
      ...Array.from({ length: count }, (_, n) => ({
        event_type: 'ORDER_NEW',
        symbol,
        source: 'test',
        payload: { n },
      })),
    );

  beforeAll(async () => {
    server = await startServer({ PORTFOLIO_INTERVAL_MS: '100' }, { ticks, portfolio });
  });
  afterAll(() => server.close());
  afterEach(() => {
    for (const probe of probes.splice(0)) probe.close();
  });

  it('/stream/events - each record carries the event id and the stored event, filtered', async () => {
    const probe = await open('/stream/events?event_type=ORDER_NEW&symbol=ETHUSDT');
    const hello = await probe.waitFor((m) => m.event === 'hello', 'hello');
    expect(JSON.parse(hello.data!)).toMatchObject({ last_id: expect.any(Number) });
    const btc = await emitOrders(2);
    const eth = await emitOrders(2, 'ETH/USDT');
    await probe.waitFor((m) => m.id === String(eth[1]!.id), 'the last ETH event');
    expect(probe.ids()).toEqual(eth.map((e) => e.id));
    const record = probe.messages.find((m) => m.id === String(eth[0]!.id))!;
    expect(JSON.parse(record.data!)).toEqual(JSON.parse(JSON.stringify(eth[0])));
    expect(probe.ids()).not.toContain(btc[0]!.id);
  });

  it('/stream/events - Last-Event-ID resumes exactly after it and wins over since_id', async () => {
    const stored = await emitOrders(8, 'SOL/USDT');
    const probe = await open(`/stream/events?symbol=SOL/USDT&since_id=0`, {
      'last-event-id': String(stored[4]!.id),
    });
    await probe.waitFor((m) => m.id === String(stored[7]!.id), 'the missed events');
    const [live] = await emitOrders(1, 'SOL/USDT');
    await probe.waitFor((m) => m.id === String(live!.id), 'the live event');
    expect(probe.ids()).toEqual([...stored.slice(5), live!].map((e) => e.id));
  });

  it('/stream/events - since_id resumes when there is no Last-Event-ID', async () => {
    const stored = await emitOrders(3, 'ADA/USDT');
    const probe = await open(`/stream/events?symbol=ADAUSDT&since_id=${stored[0]!.id}`);
    await probe.waitFor((m) => m.id === String(stored[2]!.id), 'the missed events');
    expect(probe.ids()).toEqual(stored.slice(1).map((e) => e.id));
  });

  it('/stream/events - a bad filter or resume point is a 400 naming the field', async () => {
    for (const [path, headers, field] of [
      ['/stream/events?severity=loud', {}, 'severity'],
      ['/stream/events?since_id=abc', {}, 'since_id'],
      ['/stream/events', { 'last-event-id': 'x1' }, 'Last-Event-ID'],
      ['/stream/ticks?symbol=%24%24', {}, 'symbol'],
    ] as const) {
      const probe = await open(path, headers);
      await until(() => probe.ended, 'the response');
      expect(probe.status).toBe(400);
      expect(JSON.parse(probe.body)).toMatchObject({ error: 'validation_error', field });
    }
  });

  it('/stream/events - CORS headers set for the request survive the switch to streaming', async () => {
    const probe = await open('/stream/events', { origin: 'http://localhost:5173' });
    await probe.waitFor((m) => m.event === 'hello', 'hello');
    expect(probe.headers['access-control-allow-origin']).toBe('http://localhost:5173');
  });

  it('/stream/ticks - the latest tick, then the live ticks of that symbol only', async () => {
    ticks.push('BTC/USDT', 60_000);
    const probe = await open('/stream/ticks?symbol=BTCUSDT');
    await until(() => probe.messages.some((m) => m.data !== undefined), 'the latest tick');
    ticks.push('ETH/USDT', 3_000);
    ticks.push('BTC/USDT', 60_001);
    await until(() => probe.messages.filter((m) => m.data !== undefined).length === 2, 'the live tick');
    const prices = probe.messages.filter((m) => m.data !== undefined).map((m) => JSON.parse(m.data!).last);
    expect(prices).toEqual([60_000, 60_001]);
    probe.close();
    await until(() => ticks.listenerCount('BTC/USDT') === 0, 'the hub to let go of the feed');
  });

  it('/stream/portfolio - a snapshot at once, then periodically', async () => {
    const probe = await open('/stream/portfolio');
    await until(() => probe.messages.filter((m) => m.data !== undefined).length >= 3, 'three snapshots');
    const snapshot = JSON.parse(probe.messages.find((m) => m.data !== undefined)!.data!);
    expect(snapshot).toMatchObject({ equity: expect.any(Number), positions: [] });
  });
});
