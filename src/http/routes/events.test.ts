import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestLeviBot, type TestLeviBot } from '../../app/testing/app.js';

let levibot: TestLeviBot;

beforeAll(async () => {
  levibot = await createTestLeviBot();
});
afterAll(async () => {
  await levibot.destroy();
});

async function post(body: unknown) {
  return levibot.http.inject({ method: 'POST', url: '/events', payload: body as object });
}

async function get(url: string) {
  const response = await levibot.http.inject({ method: 'GET', url });
  return {
    status: response.statusCode,
    body: response.json() as Record<string, unknown> & { events: { id: number }[] },
  };
}

const now = Date.now();
const minutesAgo = (m: number) => new Date(now - m * 60_000).toISOString();

describe('POST /events', () => {
  it('stores one event and answers with its id after commit', async () => {
    const response = await post({ event_type: 'ORDER_NEW', symbol: 'btcusdt', payload: { qty: 1 } });
    expect(response.statusCode).toBe(201);
    const { ids } = response.json() as { ids: number[] };
    expect(ids).toHaveLength(1);
    const stored = await get(`/events/${ids[0]}`);
    expect(stored.body).toMatchObject({
      id: ids[0],
      event_type: 'ORDER_NEW',
      symbol: 'BTC/USDT',
      severity: 'info',
      source: 'api',
      payload: { qty: 1 },
    });
    expect(Date.parse(stored.body.ts as string)).toBeGreaterThan(now - 60_000);
  });

  it('stores a batch in order', async () => {
    const response = await post([
      { event_type: 'SIGNAL_INGEST', payload: { n: 1 } },
      { event_type: 'SIGNAL_SCORED', payload: { n: 2 } },
    ]);
    const { ids } = response.json() as { ids: number[] };
    expect(ids[1]).toBe(ids[0]! + 1);
  });

  it.each([
    [{ event_type: 'order_new' }, 'event_type'],
    [{ event_type: 'ORDER NEW' }, 'event_type'],
    [{}, 'event_type'],
    [{ event_type: 'ORDER_NEW', severity: 'loud' }, 'severity'],
    [{ event_type: 'ORDER_NEW', ts: 'yesterday' }, 'ts'],
    [{ event_type: 'ORDER_NEW', ts: '2024-13-45T00:00:00Z' }, 'ts'],
    [{ event_type: 'ORDER_NEW', ts: 1723161600000 }, 'ts'],
    [{ event_type: 'ORDER_NEW', payload: 'text' }, 'payload'],
    [{ event_type: 'ORDER_NEW', payload: [1, 2] }, 'payload'],
    [{ event_type: 'ORDER_NEW', payload: { blob: 'x'.repeat(70_000) } }, 'payload'],
    [{ event_type: 'ORDER_NEW', symbol: 'BTC/USDT!' }, 'symbol'],
    [{ event_type: 'ORDER_NEW', trace_id: 'has spaces' }, 'trace_id'],
    [{ event_type: 'ORDER_NEW', source: '' }, 'source'],
  ])('rejects %j with 400 naming %s', async (body, field) => {
    const response = await post(body);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: 'validation_error', field });
    expect((response.json() as { message: string }).message).toContain(field);
  });

  it('rejects a whole batch when one event is bad, naming its index, and stores none of it', async () => {
    const before = await levibot.store.count();
    const response = await post([{ event_type: 'ORDER_NEW' }, { event_type: 'ORDER_NEW', severity: 'nope' }]);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ field: 'events[1].severity' });
    expect(await levibot.store.count()).toBe(before);
  });

  it('rejects batches over 1000 events and empty batches', async () => {
    const big = await post(Array.from({ length: 1001 }, () => ({ event_type: 'ORDER_NEW' })));
    expect(big.statusCode).toBe(400);
    expect(big.json()).toMatchObject({ field: 'events' });
    const empty = await post([]);
    expect(empty.statusCode).toBe(400);
  });

  it('accepts a payload of exactly 64 KiB and rejects one byte more', async () => {
    const overhead = JSON.stringify({ blob: '' }).length;
    const exact = await post({ event_type: 'ORDER_NEW', payload: { blob: 'x'.repeat(65_536 - overhead) } });
    expect(exact.statusCode).toBe(201);
    const over = await post({
      event_type: 'ORDER_NEW',
      payload: { blob: 'é'.repeat((65_536 - overhead) / 2 + 1) },
    });
    expect(over.statusCode).toBe(400);
  });

  it('answers invalid JSON with a JSON 400 and no stack trace', async () => {
    const response = await levibot.http.inject({
      method: 'POST',
      url: '/events',
      headers: { 'content-type': 'application/json' },
      payload: '{"event_type": ',
    });
    expect(response.statusCode).toBe(400);
    const body = response.json() as { error: string; message: string };
    expect(body.error).toBe('invalid_json');
    expect(JSON.stringify(body)).not.toMatch(/at .*\.js/);
  });
});

describe('GET /events filters', () => {
  let ids: number[];
  beforeAll(async () => {
    const response = await post([
      {
        ts: minutesAgo(50),
        event_type: 'FILTER_A',
        symbol: 'BTC/USDT',
        trace_id: 'f-1',
        payload: { note: 'alpha breakout' },
      },
      {
        ts: minutesAgo(40),
        event_type: 'FILTER_B',
        symbol: 'ETHUSDT',
        trace_id: 'f-1',
        severity: 'warning',
        payload: { note: 'beta pullback' },
      },
      {
        ts: minutesAgo(30),
        event_type: 'FILTER_A',
        symbol: 'ETH/USDT',
        trace_id: 'f-2',
        severity: 'error',
        payload: { note: 'gamma alpha' },
      },
      {
        ts: new Date(now - 3 * 86_400_000).toISOString(),
        event_type: 'FILTER_A',
        symbol: 'BTC/USDT',
        payload: { note: 'old alpha' },
      },
    ]);
    ids = (response.json() as { ids: number[] }).ids;
  });
  const filterIds = (events: { id: number }[]) =>
    events.map((event) => event.id).filter((id) => ids.includes(id));

  it('event_type takes a CSV', async () => {
    expect(filterIds((await get('/events?event_type=FILTER_A')).body.events)).toEqual([ids[2], ids[0]]);
    expect(filterIds((await get('/events?event_type=FILTER_A,FILTER_B&order=asc')).body.events)).toEqual([
      ids[0],
      ids[1],
      ids[2],
    ]);
  });

  it('symbol matches BTCUSDT and BTC/USDT alike', async () => {
    const glued = await get('/events?symbol=ETHUSDT&event_type=FILTER_A,FILTER_B');
    const slashed = await get('/events?symbol=ETH/USDT&event_type=FILTER_A,FILTER_B');
    expect(filterIds(glued.body.events)).toEqual([ids[2], ids[1]]);
    expect(filterIds(slashed.body.events)).toEqual([ids[2], ids[1]]);
  });

  it('trace_id, severity and q', async () => {
    expect(filterIds((await get('/events?trace_id=f-1')).body.events)).toEqual([ids[1], ids[0]]);
    expect(
      filterIds((await get('/events?severity=warning&event_type=FILTER_A,FILTER_B')).body.events),
    ).toEqual([ids[2], ids[1]]);
    expect(filterIds((await get('/events?q=alpha')).body.events)).toEqual([ids[2], ids[0]]);
    expect(filterIds((await get('/events?q=alpha&days=7')).body.events)).toEqual([ids[3], ids[2], ids[0]]);
  });

  it('days defaults to 1; since_iso, until_iso and day set the window', async () => {
    expect(filterIds((await get('/events?event_type=FILTER_A')).body.events)).not.toContain(ids[3]);
    expect(filterIds((await get('/events?event_type=FILTER_A&days=7')).body.events)).toContain(ids[3]);
    const window = await get(`/events?since_iso=${minutesAgo(45)}&until_iso=${minutesAgo(35)}`);
    expect(filterIds(window.body.events)).toEqual([ids[1]]);
    const day = new Date(now - 3 * 86_400_000).toISOString().slice(0, 10);
    expect(filterIds((await get(`/events?day=${day}`)).body.events)).toEqual([ids[3]]);
  });

  it('limit and cursors page without gaps', async () => {
    const first = await get('/events?event_type=FILTER_A,FILTER_B&limit=2');
    expect(filterIds(first.body.events)).toEqual([ids[2], ids[1]]);
    expect(first.body.next_cursor).toBe(ids[1]);
    const second = await get(
      `/events?event_type=FILTER_A,FILTER_B&limit=2&before_id=${first.body.next_cursor}`,
    );
    expect(filterIds(second.body.events)).toEqual([ids[0]]);
    expect(second.body.next_cursor).toBeNull();
    const after = await get(`/events?event_type=FILTER_A,FILTER_B&order=asc&after_id=${ids[0]}`);
    expect(filterIds(after.body.events)).toEqual([ids[1], ids[2]]);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=1001', 'limit'],
    ['limit=ten', 'limit'],
    ['days=0', 'days'],
    ['days=31', 'days'],
    ['since_iso=yesterday', 'since_iso'],
    ['until_iso=2024-02-30T00:00:00Z', 'until_iso'],
    ['day=2024-13-01', 'day'],
    ['day=today', 'day'],
    ['severity=loud', 'severity'],
    ['order=up', 'order'],
    ['event_type=not-a-type', 'event_type'],
    ['before_id=-1', 'before_id'],
    ['after_id=x', 'after_id'],
    ['symbol=%3F%3F', 'symbol'],
    ['trace_id=a%20b', 'trace_id'],
    [`q=${'x'.repeat(501)}`, 'q'],
    [
      `since_iso=${encodeURIComponent(minutesAgo(10))}&until_iso=${encodeURIComponent(minutesAgo(20))}`,
      'until_iso',
    ],
  ])('GET /events?%s → 400 naming %s', async (query, field) => {
    const response = await get(`/events?${query}`);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'validation_error', field });
  });
});

describe('GET /events/{id} and /traces/{trace_id}', () => {
  it('answers 404 for an unknown id or trace and 400 for a bad id', async () => {
    expect((await get('/events/999999')).status).toBe(404);
    expect((await get('/events/abc')).body).toMatchObject({ field: 'id' });
    expect((await get('/traces/none-such')).status).toBe(404);
  });

  it("tells a trace's story oldest first with its duration", async () => {
    await post([
      { ts: minutesAgo(10), event_type: 'SIGNAL_INGEST', trace_id: 'story-1' },
      { ts: minutesAgo(9), event_type: 'SIGNAL_SCORED', trace_id: 'story-1' },
      { ts: minutesAgo(7), event_type: 'ORDER_FILLED', trace_id: 'story-1' },
    ]);
    const story = await get('/traces/story-1');
    expect(story.body).toMatchObject({ trace_id: 'story-1', count: 3, duration_ms: 180_000 });
    expect((story.body.events as unknown as { event_type: string }[]).map((e) => e.event_type)).toEqual([
      'SIGNAL_INGEST',
      'SIGNAL_SCORED',
      'ORDER_FILLED',
    ]);
  });
});
