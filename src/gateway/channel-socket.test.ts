import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  FakePortfolio,
  FakeTickSource,
  type Frame,
  startBareGateway,
  startServer,
  type TestServer,
  until,
  WsProbe,
} from './testing/harness.js';

describe('/ws channel protocol', () => {
  let server: TestServer;
  const ticks = new FakeTickSource();
  const portfolio = new FakePortfolio();
  const probes: WsProbe[] = [];
  const connect = async () => {
    const probe = await WsProbe.open(`${server.wsUrl}/ws`);
    probes.push(probe);
    await probe.waitFor((f) => f.type === 'connected', 'connected');
    return probe;
  };
  const subscribe = async (probe: WsProbe, frame: Record<string, unknown>, channel: string) => {
    const seen = probe.ofType('subscribed').length;
    probe.send({ type: 'subscribe', ...frame });
    await until(
      () =>
        probe.ofType('subscribed').filter((f) => f.channel === channel).length > 0 &&
        probe.ofType('subscribed').length > seen,
      `subscribed to ${channel}`,
    );
  };
  const emit = (...inputs: Parameters<TestServer['levibot']['log']['emit']>) =>
    server.levibot.log.emit(...inputs);

  beforeAll(async () => {
    server = await startServer(
      { PORTFOLIO_INTERVAL_MS: '100', WS_METRICS_INTERVAL_MS: '100', WS_MAX_CHANNELS: '4' },
      { ticks, portfolio },
    );
  });
  afterAll(() => server.close());
  afterEach(() => {
    for (const probe of probes.splice(0)) probe.close();
  });

  it('/ws - greets with connected, a client id and the server time', async () => {
    const probe = await connect();
    const connected = probe.frames[0]!;
    expect(connected).toMatchObject({ type: 'connected', client_id: expect.any(String) });
    expect(Date.parse(connected.server_time as string)).not.toBeNaN();
  });

  it('/ws - a channel carries only its event types, narrowed by the filters', async () => {
    const probe = await connect();
    await subscribe(probe, { channels: ['orders'], filters: { symbol: 'BTCUSDT' } }, 'orders');
    await subscribe(probe, { channels: ['status'] }, 'status');
    const subscribed = probe.ofType('subscribed')[0]!;
    expect(subscribed).toMatchObject({
      channel: 'orders',
      filters: { symbol: 'BTC/USDT' },
      last_id: expect.any(Number),
    });

    const stored = await emit(
      { event_type: 'ORDER_NEW', symbol: 'BTC/USDT', source: 'test', payload: { qty: 1 } },
      { event_type: 'ORDER_NEW', symbol: 'ETH/USDT', source: 'test', payload: {} },
      { event_type: 'SIGNAL_SCORED', symbol: 'BTC/USDT', source: 'test', payload: {} },
      { event_type: 'ORDER_FILLED', symbol: 'BTC/USDT', source: 'test', payload: {} },
      { event_type: 'BOT_STOPPED', source: 'test', payload: { reason: 'test' } },
    );
    await probe.waitFor((f) => f.id === stored[4]!.id, 'the status event');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(probe.eventIds('orders')).toEqual([stored[0]!.id, stored[3]!.id]);
    expect(probe.eventIds('status')).toEqual([stored[4]!.id]);
    const frame = probe.frames.find((f) => f.id === stored[0]!.id)!;
    expect(frame).toEqual({
      channel: 'orders',
      id: stored[0]!.id,
      timestamp: stored[0]!.ts,
      event_type: 'ORDER_NEW',
      data: JSON.parse(JSON.stringify(stored[0])),
    });
  });

  it('/ws - an event is delivered on every channel the client listens to', async () => {
    const probe = await connect();
    await subscribe(probe, { channels: ['events', 'alerts'] }, 'alerts');
    const [alert] = await emit({ event_type: 'ALERT_SENT', source: 'test', payload: { to: 'slack' } });
    await until(() => probe.eventIds().length === 2, 'both deliveries');
    expect(
      probe.frames
        .filter((f) => f.id === alert!.id)
        .map((f) => f.channel)
        .sort(),
    ).toEqual(['alerts', 'events']);
  });

  it('/ws - subscribing with since_id resumes exactly after it', async () => {
    const stored = await emit(
      ...Array.from({ length: 10 }, (_, n) => ({
        event_type: 'SIGNAL_INGEST',
        source: 'test',
        payload: { n },
      })),
    );
    const probe = await connect();
    await subscribe(probe, { channels: ['signals'], since_id: stored[6]!.id }, 'signals');
    expect(probe.ofType('subscribed')[0]).toMatchObject({ since_id: stored[6]!.id });
    await until(() => probe.eventIds('signals').length === 3, 'the missed events');
    const [live] = await emit({ event_type: 'SIGNAL_SCORED', source: 'test', payload: {} });
    await probe.waitFor((f) => f.id === live!.id, 'the live event');
    expect(probe.eventIds('signals')).toEqual([...stored.slice(7).map((e) => e.id), live!.id]);
  });

  it('/ws - unsubscribe stops a channel and get_subscriptions lists what is left', async () => {
    const probe = await connect();
    await subscribe(
      probe,
      { channels: ['orders', 'positions'], filters: { severity: 'warning' } },
      'positions',
    );
    probe.send({ type: 'unsubscribe', channels: ['orders'] });
    await probe.waitFor((f) => f.type === 'unsubscribed' && f.channel === 'orders', 'unsubscribed');
    probe.send({ type: 'get_subscriptions' });
    const list = await probe.waitFor((f) => f.type === 'subscriptions', 'subscriptions');
    expect(list.subscriptions).toEqual([
      { channel: 'positions', filters: { severity: 'warning' }, last_id: expect.any(Number) },
    ]);
    const stored = await emit(
      { event_type: 'ORDER_REJECTED', severity: 'error', source: 'test', payload: {} },
      { event_type: 'POSITION_CLOSED', severity: 'warning', source: 'test', payload: {} },
    );
    await probe.waitFor((f) => f.id === stored[1]!.id, 'the position event');
    expect(probe.eventIds()).toEqual([stored[1]!.id]);
  });

  it('/ws - every bad frame gets an error naming the field and the connection stays open', async () => {
    const probe = await connect();
    const bad: [unknown, string, string | undefined][] = [
      ['{"type":', 'invalid_json', undefined],
      [{ type: 'subscribe', channels: ['orders', 'nope'] }, 'validation_error', 'channels[1]'],
      [{ type: 'subscribe' }, 'validation_error', 'channels'],
      [{ type: 'launch' }, 'validation_error', 'type'],
      [{ channels: ['orders'] }, 'validation_error', 'type'],
      [[1, 2], 'validation_error', 'frame'],
      [
        { type: 'subscribe', channels: ['orders'], filters: { severity: 'loud' } },
        'validation_error',
        'filters.severity',
      ],
      [
        { type: 'subscribe', channels: ['orders'], filters: { colour: 'red' } },
        'validation_error',
        'filters.colour',
      ],
      [
        { type: 'subscribe', channels: ['orders'], filters: { event_type: ['ALERT_SENT'] } },
        'validation_error',
        'filters.event_type',
      ],
      [{ type: 'subscribe', channels: ['orders'], since_id: 'x' }, 'validation_error', 'since_id'],
      [{ type: 'subscribe', channels: ['ticks:BTC/USDT'], since_id: 3 }, 'validation_error', 'since_id'],
      [{ type: 'subscribe', channels: ['ticks:$$$'] }, 'validation_error', 'channels[0]'],
      [
        { type: 'subscribe', channels: ['events', 'orders', 'signals', 'alerts', 'status'] },
        'validation_error',
        'channels',
      ],
      [{ type: 'unsubscribe', channels: [42] }, 'validation_error', 'channels[0]'],
    ];
    for (const [frame] of bad) probe.send(frame);
    probe.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    probe.send({ type: 'ping', id: 'still-here' });
    await probe.waitFor((f) => f.type === 'pong', 'pong');
    const errors = probe.ofType('error');
    expect(errors.map((e) => [e.code, e.field])).toEqual([
      ...bad.map(([, code, field]) => [code, field]),
      ['validation_error', 'frame'],
    ]);
    for (const error of errors) expect(error.message).toEqual(expect.any(String));
    expect(probe.ofType('subscribed')).toEqual([]);
    expect(probe.closeCode).toBeNull();
  });

  it('/ws - a frame over 64 KiB closes the connection with 1009', async () => {
    const probe = await connect();
    probe.send({ type: 'ping', id: 'x'.repeat(64 * 1024) });
    expect((await probe.waitForClose()).code).toBe(1009);
  });

  it('/ws - ticks:<SYMBOL> carries that symbol only, starting from the latest tick', async () => {
    ticks.push('BTC/USDT', 64_000);
    const probe = await connect();
    await subscribe(probe, { channels: ['ticks:BTCUSDT'] }, 'ticks:BTC/USDT');
    await probe.waitFor((f) => f.channel === 'ticks:BTC/USDT', 'the latest tick');
    ticks.push('ETH/USDT', 3_000);
    ticks.push('BTC/USDT', 64_010);
    await until(() => probe.frames.filter((f) => f.event_type === 'TICK').length === 2, 'the next tick');
    const tickFrames = probe.frames.filter((f) => f.event_type === 'TICK');
    expect(tickFrames.map((f) => [f.channel, f.id, (f.data as { last: number }).last])).toEqual([
      ['ticks:BTC/USDT', null, 64_000],
      ['ticks:BTC/USDT', null, 64_010],
    ]);
    probe.send({ type: 'unsubscribe', channels: ['ticks:BTC/USDT'] });
    await probe.waitFor((f) => f.type === 'unsubscribed', 'unsubscribed');
    expect(ticks.listenerCount('BTC/USDT')).toBe(0);
  });

  it('/ws - ticks:* carries every symbol', async () => {
    const probe = await connect();
    await subscribe(probe, { channels: ['ticks:*'] }, 'ticks:*');
    const before = probe.frames.length;
    ticks.push('SOL/USDT', 150);
    ticks.push('ETH/USDT', 3_001);
    await until(() => probe.frames.length >= before + 2, 'two ticks');
    const symbols = probe.frames.slice(before).map((f) => (f.data as { symbol: string }).symbol);
    expect(symbols).toEqual(['SOL/USDT', 'ETH/USDT']);
  });

  it('/ws - portfolio and metrics send a snapshot at once and then periodically', async () => {
    const probe = await connect();
    await subscribe(probe, { channels: ['portfolio', 'metrics'] }, 'metrics');
    portfolio.equity = 12_345;
    const of = (type: string) => probe.frames.filter((f) => f.event_type === type);
    await until(() => of('PORTFOLIO').length >= 2, 'two portfolio snapshots');
    await until(() => of('METRICS').length >= 2, 'two metrics snapshots');
    const snapshots = of('PORTFOLIO');
    expect(snapshots[0]).toMatchObject({ event_type: 'PORTFOLIO', id: null, data: { equity: 10_000 } });
    expect(snapshots[snapshots.length - 1]).toMatchObject({ data: { equity: 12_345 } });
    const metrics = of('METRICS')[0] as Frame & { data: Record<string, unknown> };
    expect(metrics.data).toMatchObject({
      connections: { ws: expect.any(Number) },
      rss_bytes: expect.any(Number),
    });
  });

  it('/ws - POST /ws/broadcast reaches the subscribers of that channel only', async () => {
    const listener = await connect();
    const other = await connect();
    await subscribe(listener, { channels: ['status'] }, 'status');
    await subscribe(other, { channels: ['orders'] }, 'orders');
    const response = await server.levibot.http.inject({
      method: 'POST',
      url: '/ws/broadcast',
      payload: { channel: 'status', data: { notice: 'maintenance at 02:00' } },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ channel: 'status', delivered: 1 });
    const frame = await listener.waitFor((f) => f.event_type === 'BROADCAST', 'the broadcast');
    expect(frame).toMatchObject({ channel: 'status', id: null, data: { notice: 'maintenance at 02:00' } });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(other.frames.some((f) => f.event_type === 'BROADCAST')).toBe(false);

    const bad = await server.levibot.http.inject({
      method: 'POST',
      url: '/ws/broadcast',
      payload: { channel: 'nope', data: 1 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: 'validation_error', field: 'channel' });
  });

  it('/ws - GET /ws/status and /ws/channels describe connections and channels', async () => {
    const probe = await connect();
    await subscribe(probe, { channels: ['orders'] }, 'orders');
    const status = (await server.levibot.http.inject({ url: '/ws/status' })).json();
    expect(status.connections.ws).toBeGreaterThanOrEqual(1);
    expect(status.subscriptions.orders).toBeGreaterThanOrEqual(1);
    expect(status).toMatchObject({ dropped: { ws: expect.any(Number) }, queued_bytes: expect.any(Number) });
    const channels = (await server.levibot.http.inject({ url: '/ws/channels' })).json();
    expect(channels.channels.map((c: { name: string }) => c.name)).toEqual([
      'events',
      'signals',
      'orders',
      'positions',
      'alerts',
      'status',
      'portfolio',
      'metrics',
      'ticks:<SYMBOL>',
    ]);
    expect(channels.channels.find((c: { name: string }) => c.name === 'orders').event_types).toContain(
      'ORDER_FILLED',
    );
  });
});

describe('/ws without market feed or portfolio', () => {
  it('/ws - ticks and portfolio answer unavailable when the server has no source for them', async () => {
    const server = await startBareGateway();
    try {
      const probe = await WsProbe.open(`${server.wsUrl}/ws`);
      probe.send({ type: 'subscribe', channels: ['ticks:BTC/USDT'] });
      probe.send({ type: 'subscribe', channels: ['orders', 'portfolio'] });
      await until(() => probe.ofType('error').length === 2, 'two errors');
      expect(probe.ofType('error').map((e) => e.code)).toEqual(['unavailable', 'unavailable']);
      expect(probe.ofType('subscribed')).toEqual([]);
      probe.close();
      for (const url of ['/stream/ticks?symbol=BTCUSDT', '/stream/portfolio']) {
        expect((await server.http.inject({ url })).statusCode).toBe(503);
      }
    } finally {
      await server.close();
    }
  });
});

describe('/ws with the market feed and paper portfolio of the app', () => {
  it('/ws - ticks come from the market hub and portfolio from the paper engine', async () => {
    const server = await startServer();
    try {
      const probe = await WsProbe.open(`${server.wsUrl}/ws`);
      probe.send({ type: 'subscribe', channels: ['ticks:BTCUSDT', 'portfolio'] });
      const tick = await probe.waitFor((f) => f.event_type === 'TICK', 'a synthetic tick');
      expect(tick).toMatchObject({
        channel: 'ticks:BTC/USDT',
        data: { symbol: 'BTC/USDT', last: expect.any(Number) },
      });
      const portfolio = await probe.waitFor((f) => f.event_type === 'PORTFOLIO', 'a portfolio snapshot');
      expect(portfolio.data).toMatchObject({ equity: expect.any(Number), positions: expect.any(Array) });
      probe.close();
    } finally {
      await server.close();
    }
  });
});
