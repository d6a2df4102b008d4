import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EventInput } from '../events/index.js';
import { startServer, type TestServer, until, WsProbe } from './testing/harness.js';

const MIX: EventInput[] = [
  { event_type: 'ORDER_NEW', symbol: 'BTC/USDT', source: 'test', payload: { side: 'buy' } },
  { event_type: 'ORDER_NEW', symbol: 'ETH/USDT', source: 'test', payload: { side: 'sell' } },
  { event_type: 'SIGNAL_INGEST', symbol: 'BTC/USDT', source: 'test', payload: { text: 'BTC long breakout' } },
  { event_type: 'ORDER_FILLED', symbol: 'BTC/USDT', severity: 'warning', source: 'test', payload: {} },
  {
    event_type: 'ORDER_REJECTED',
    symbol: 'BTC/USDT',
    severity: 'error',
    source: 'test',
    payload: { reason: 'risk' },
  },
  { event_type: 'SIGNAL_INGEST', symbol: 'ETH/USDT', source: 'test', payload: { text: 'ETH short' } },
];

describe('/ws/events', () => {
  let server: TestServer;
  const probes: WsProbe[] = [];
  const open = async (query: string) => {
    const probe = await WsProbe.open(`${server.wsUrl}/ws/events${query}`);
    probes.push(probe);
    return probe;
  };

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());
  afterEach(() => {
    for (const probe of probes.splice(0)) probe.close();
  });

  it('/ws/events - the first frame is hello with filters and the current last id', async () => {
    const [last] = await server.levibot.log.emit(MIX[0]!);
    const probe = await open('?event_type=order_new,ORDER_FILLED&symbol=BTCUSDT&severity=info');
    const hello = await probe.waitFor((f) => f.type === 'hello', 'hello');
    expect(probe.frames[0]).toBe(hello);
    expect(hello).toMatchObject({
      filters: { event_type: ['ORDER_NEW', 'ORDER_FILLED'], symbol: 'BTC/USDT', severity: 'info' },
      last_id: last!.id,
    });
    expect(Date.parse(hello.server_time as string)).not.toBeNaN();
  });

  it('/ws/events - a client never receives an event that does not match its filters', async () => {
    const byType = await open('?event_type=ORDER_NEW,ORDER_FILLED');
    const bySymbol = await open('?symbol=ETH/USDT');
    const bySeverity = await open('?severity=warning');
    const byText = await open('?q=long');
    const combined = await open('?event_type=ORDER_NEW&symbol=BTC/USDT');
    const all = [byType, bySymbol, bySeverity, byText, combined];
    await Promise.all(all.map((p) => p.waitFor((f) => f.type === 'hello', 'hello')));

    const stored = await server.levibot.log.emit(...MIX);
    const ids = (pick: (e: EventInput) => boolean) => stored.filter((_, i) => pick(MIX[i]!)).map((e) => e.id);
    const marker = await server.levibot.log.emit({
      event_type: 'ORDER_NEW',
      symbol: 'BTC/USDT',
      severity: 'critical',
      source: 'test',
      payload: { text: 'long' },
    });
    const markerId = marker[0]!.id;
    for (const probe of [byType, bySeverity, byText, combined]) {
      await probe.waitFor((f) => f.id === markerId, 'the marker event');
    }

    expect(byType.eventIds()).toEqual([
      ...ids((e) => ['ORDER_NEW', 'ORDER_FILLED'].includes(e.event_type)),
      markerId,
    ]);
    expect(bySymbol.eventIds()).toEqual(ids((e) => e.symbol === 'ETH/USDT'));
    expect(bySeverity.eventIds()).toEqual([
      ...ids((e) => e.severity === 'warning' || e.severity === 'error'),
      markerId,
    ]);
    expect(byText.eventIds()).toEqual([...ids((e) => JSON.stringify(e.payload).includes('long')), markerId]);
    expect(combined.eventIds()).toEqual([
      ...ids((e) => e.event_type === 'ORDER_NEW' && e.symbol === 'BTC/USDT'),
      markerId,
    ]);
  });

  it('/ws/events - event frames are the stored event plus "type":"event"', async () => {
    const probe = await open('?event_type=SIGNAL_SCORED');
    await probe.waitFor((f) => f.type === 'hello', 'hello');
    const [stored] = await server.levibot.log.emit({
      event_type: 'SIGNAL_SCORED',
      symbol: 'SOLUSDT',
      trace_id: 'trace-1',
      source: 'test',
      payload: { confidence: 0.9, text: 'ünïcode ✓' },
    });
    const frame = await probe.waitFor((f) => f.type === 'event', 'the event');
    expect(frame).toEqual({ type: 'event', ...stored });
    const fromApi = await server.levibot.http.inject({ method: 'GET', url: `/events/${stored!.id}` });
    expect({ type: 'event', ...fromApi.json() }).toEqual(frame);
  });

  it('/ws/events - resuming with since_id returns exactly the missed matching events, then live ones', async () => {
    // Several history pages, so that pages are read while live events queue up: both see some events.
    const before = await server.levibot.log.emit(...Array.from({ length: 300 }, () => MIX).flat());
    const resumeAfter = before[3]!.id;
    // Events keep arriving while the client reads history: the switch to live must not lose or repeat any.
    let writing = true;
    const during: number[] = [];
    const writer = (async () => {
      while (writing) {
        const stored = await server.levibot.log.emit(...MIX);
        during.push(...stored.filter((e) => e.event_type === 'ORDER_NEW').map((e) => e.id));
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const probe = await open(`?event_type=ORDER_NEW&since_id=${resumeAfter}`);
    await until(() => during.length > 40, 'live events');
    writing = false;
    await writer;
    const expected = [
      ...before.filter((e) => e.event_type === 'ORDER_NEW' && e.id > resumeAfter).map((e) => e.id),
      ...during,
    ];
    await probe.waitFor((f) => f.id === expected[expected.length - 1], 'the last event');
    expect(probe.frames[0]).toMatchObject({ type: 'hello', since_id: resumeAfter });
    expect(probe.eventIds()).toEqual(expected);
  });

  it('/ws/events - a resume read larger than one history page arrives complete and in order', async () => {
    const [first] = await server.levibot.log.emit({
      event_type: 'DS_APPEND',
      source: 'test',
      payload: { n: 0 },
    });
    const rest = await server.levibot.log.emit(
      ...Array.from({ length: 1199 }, (_, n) => ({
        event_type: 'DS_APPEND',
        source: 'test',
        payload: { n: n + 1 },
      })),
    );
    const probe = await open(`?event_type=DS_APPEND&since_id=${first!.id - 1}`);
    const all = [first!, ...rest].map((e) => e.id);
    await probe.waitFor((f) => f.id === all[all.length - 1], 'the last event');
    expect(probe.eventIds()).toEqual(all);
  });

  it('/ws/events - an invalid filter closes with 4400 and an error frame naming the field', async () => {
    const probe = await open('?severity=loud');
    const { code } = await probe.waitForClose();
    expect(code).toBe(4400);
    expect(probe.frames).toEqual([
      expect.objectContaining({ type: 'error', code: 'validation_error', field: 'severity' }),
    ]);
    const badSince = await open('?since_id=-3');
    expect((await badSince.waitForClose()).code).toBe(4400);
    expect(badSince.frames[0]).toMatchObject({ field: 'since_id' });
  });

  it('/ws/events - ping is answered; other frames get an error and the stream stays open', async () => {
    const probe = await open('');
    await probe.waitFor((f) => f.type === 'hello', 'hello');
    probe.send('{nope');
    probe.send({ type: 'subscribe', channels: ['orders'] });
    probe.send({ type: 'ping', id: 7 });
    await probe.waitFor((f) => f.type === 'pong', 'pong');
    expect(probe.frames.slice(1).map((f) => [f.type, f.code ?? f.id])).toEqual([
      ['error', 'invalid_json'],
      ['error', 'validation_error'],
      ['pong', 7],
    ]);
    expect(probe.closeCode).toBeNull();
  });
});
