import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LeviBot, createLeviBot, loadRuntimeConfig } from '../../app/app.js';
import { InMemoryOrderPort, tempDir } from '../../signals/testing/index.js';

let levibot: LeviBot;
let removeDir: () => void;
const orders = new InMemoryOrderPort();

beforeAll(async () => {
  const { dir, remove } = tempDir();
  removeDir = remove;
  const config = loadRuntimeConfig({
    env: {
      DATA_DIR: dir,
      LOG_LEVEL: 'silent',
      AUTO_ROUTE_ENABLED: 'true',
      AUTO_ROUTE_DRY_RUN: 'false',
      AUTO_ROUTE_COOLDOWN_SEC: '0',
    },
    file: '',
  });
  levibot = await createLeviBot(config, { orders });
  orders.recordTo(levibot.log);
});
afterAll(async () => {
  await levibot.close();
  removeDir();
});

const post = (url: string, payload?: unknown) =>
  levibot.http.inject({
    method: 'POST',
    url,
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
const get = (url: string) => levibot.http.inject({ method: 'GET', url });

const LONG = '#BTC/USDT LONG\nEntry: 64000 - 64500\nTargets: 65000 / 66000\nStop: 63000\nLeverage: 10x';

describe('POST /signals/score', () => {
  it('POST /signals/score - answers exactly {label, confidence, reasons, fe} with JSON numbers', async () => {
    const response = await post('/signals/score', { text: LONG });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(Object.keys(body)).toEqual(['label', 'confidence', 'reasons', 'fe']);
    expect(Object.keys(body.fe)).toEqual(['symbols', 'side', 'entry', 'tps', 'sl', 'leverage', 'size']);
    expect(body).toMatchObject({
      label: 'BUY',
      fe: {
        symbols: ['BTC/USDT'],
        side: 'BUY',
        entry: [64000, 64500],
        tps: [65000, 66000],
        sl: 63000,
        leverage: 10,
        size: null,
      },
    });
    expect(typeof body.confidence).toBe('number');
    expect(body.reasons.every((reason: unknown) => typeof reason === 'string')).toBe(true);
  });

  it('POST /signals/score - accepts ?text= for compatibility', async () => {
    const response = await post(`/signals/score?text=${encodeURIComponent('TP2 hit ✅ #ETH +20%')}`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      label: 'NO-TRADE',
      fe: { symbols: ['ETH/USDT'], side: null, entry: null, tps: [], sl: null },
    });
  });

  it('POST /signals/score - a single price is [price]; a market entry is null', async () => {
    expect(
      (await post('/signals/score', { text: 'ETHUSDT SHORT\nEntry: 3400\nTP: 3300\nSL: 3460' })).json().fe
        .entry,
    ).toEqual([3400]);
    expect(
      (await post('/signals/score', { text: 'SOLUSDT LONG\nEntry: market\nTP: 160\nSL: 140' })).json().fe
        .entry,
    ).toBeNull();
  });

  it.each([
    ['an empty text', { text: '' }, 'text'],
    ['a missing text', {}, 'text'],
    ['a number', { text: 42 }, 'text'],
    ['a list', { text: ['BTC long'] }, 'text'],
    ['1 MB of text', { text: 'BTC long '.repeat(120_000) }, 'text'],
  ])('POST /signals/score - %s is a 400 naming the field', async (_case, payload, field) => {
    const response = await post('/signals/score', payload);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: 'validation_error', field });
  });

  it.each([
    ['binary bytes', '\u0000\u0001\u0002\u0003\u00ff\ufffd'],
    ['only emoji', '🚀🔥💎🚀🔥💎'],
    ['right-to-left text', '\u202bمرحبا بالجميع\u202c'],
  ])('POST /signals/score - %s is NO-TRADE, never a 500', async (_case, text) => {
    const response = await post('/signals/score', { text });
    expect(response.statusCode).toBe(200);
    expect(response.json().label).toBe('NO-TRADE');
  });

  it('POST /signals/score - a body that is not JSON is a 400', async () => {
    const response = await levibot.http.inject({
      method: 'POST',
      url: '/signals/score',
      headers: { 'content-type': 'application/json' },
      payload: '{"text": ',
    });
    expect(response.statusCode).toBe(400);
  });
});

describe('POST /signals/ingest-and-score', () => {
  it('POST /signals/ingest-and-score - records, scores and routes under one trace, the whole story in order', async () => {
    const response = await post('/signals/ingest-and-score', {
      text: LONG,
      source: 'telegram',
      channel: 'vip-calls',
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      label: 'BUY',
      routed: true,
      route: [{ symbol: 'BTC/USDT', market: 'BTC/USDT', decision: 'executed' }],
    });
    expect(typeof body.trace_id).toBe('string');
    expect(orders.requests.at(-1)).toMatchObject({
      symbol: 'BTC/USDT',
      side: 'buy',
      sl: 63000,
      tp: 65000,
      trace_id: body.trace_id,
    });

    const { events } = (await get(`/traces/${body.trace_id}`)).json();
    expect(events.map((event: { event_type: string }) => event.event_type)).toEqual([
      'SIGNAL_INGEST',
      'SIGNAL_SCORED',
      'AUTO_ROUTE_EXECUTED',
    ]);
    expect(events[0].payload).toEqual({ text: LONG, source: 'telegram', channel: 'vip-calls' });
    expect(events[1]).toMatchObject({
      symbol: 'BTC/USDT',
      payload: { score: { label: 'BUY', confidence: body.confidence }, fe: body.fe },
    });
  });

  it('POST /signals/ingest-and-score - a NO-TRADE is recorded with a skipped route per symbol and routed false', async () => {
    const body = (
      await post('/signals/ingest-and-score', { text: '#SOL/USDT all targets done ✅ +80%', source: 'api' })
    ).json();
    expect(body).toMatchObject({
      label: 'NO-TRADE',
      routed: false,
      route: [{ symbol: 'SOL/USDT', decision: 'skipped' }],
    });
  });

  it('POST /signals/ingest-and-score - dry run and disabled routing come from PUT /config at run time', async () => {
    expect(
      (await levibot.http.inject({ method: 'PUT', url: '/config', payload: { AUTO_ROUTE_DRY_RUN: true } }))
        .statusCode,
    ).toBe(200);
    const dry = (await post('/signals/ingest-and-score', { text: LONG, source: 'api' })).json();
    expect(dry).toMatchObject({ routed: false, route: [{ decision: 'dry_run' }] });
    await levibot.http.inject({
      method: 'PUT',
      url: '/config',
      payload: { AUTO_ROUTE_ENABLED: false, AUTO_ROUTE_DRY_RUN: false },
    });
    const off = (await post('/signals/ingest-and-score', { text: LONG, source: 'api' })).json();
    expect(off.route[0]).toMatchObject({ decision: 'skipped', reason: expect.stringMatching(/disabled/) });
    await levibot.http.inject({ method: 'PUT', url: '/config', payload: { AUTO_ROUTE_ENABLED: true } });
  });

  it('POST /signals/ingest-and-score - a stopped bot scores but does not route', async () => {
    await post('/stop', { reason: 'test' });
    const body = (await post('/signals/ingest-and-score', { text: LONG, source: 'api' })).json();
    expect(body).toMatchObject({
      label: 'BUY',
      routed: false,
      route: [{ decision: 'skipped', reason: 'the bot is stopped' }],
    });
    await post('/start', { reason: 'test' });
  });

  it.each([
    [{ text: LONG }, 'source'],
    [{ text: LONG, source: 'has spaces' }, 'source'],
    [{ text: LONG, source: 'api', channel: 7 }, 'channel'],
    [{ text: '', source: 'api' }, 'text'],
  ])('POST /signals/ingest-and-score - %j is a 400 naming %s', async (payload, field) => {
    const response = await post('/signals/ingest-and-score', payload);
    expect(response.statusCode).toBe(400);
    expect(response.json().field).toBe(field);
  });
});

describe('GET /signals/recent', () => {
  it('GET /signals/recent - lists the latest scored signals newest first, up to limit', async () => {
    await post('/signals/ingest-and-score', {
      text: 'ETHUSDT SHORT\nEntry: 3400\nTP: 3300\nSL: 3460',
      source: 'panel',
    });
    const body = (await get('/signals/recent?limit=2')).json();
    expect(body.signals).toHaveLength(2);
    expect(body.signals[0]).toMatchObject({
      source: 'panel',
      label: 'SELL',
      fe: { symbols: ['ETH/USDT'] },
      text: expect.stringContaining('ETHUSDT'),
    });
    expect(body.signals[0].id).toBeGreaterThan(body.signals[1].id);
  });

  it('GET /signals/recent - a limit out of range is a 400 naming limit', async () => {
    const response = await get('/signals/recent?limit=0');
    expect(response.statusCode).toBe(400);
    expect(response.json().field).toBe('limit');
  });
});

describe('/ml', () => {
  it('/ml - appending grows the report and emits DS_APPEND; training emits MODEL_TRAINED and switches model', async () => {
    const before = (await get('/ml/dataset/report')).json();
    const appended = await post('/ml/dataset/append', { text: 'wen moon ser', label: 'no-trade' });
    expect(appended.statusCode).toBe(201);
    expect(appended.json()).toMatchObject({
      appended: { text: 'wen moon ser', label: 'NO-TRADE' },
      dataset: { size: before.size + 1 },
    });
    const report = (await get('/ml/dataset/report')).json();
    expect(report.class_counts['NO-TRADE']).toBe(before.class_counts['NO-TRADE'] + 1);

    const trained = await post('/ml/train', { seed: 3 });
    expect(trained.statusCode).toBe(200);
    expect(trained.json()).toMatchObject({ seed: 3, dataset: { size: before.size + 1 }, origin: 'trained' });
    expect((await get('/ml/model')).json()).toMatchObject({ seed: 3, metrics: { cv_folds: 5 } });

    const events = (await get('/events?event_type=DS_APPEND,MODEL_TRAINED&order=asc')).json().events;
    expect(events.map((event: { event_type: string }) => event.event_type)).toEqual([
      'DS_APPEND',
      'MODEL_TRAINED',
    ]);
    expect(events[1].payload).toMatchObject({
      seed: 3,
      dataset: { size: before.size + 1 },
      metrics: { cv_accuracy: expect.any(Number), cv_ece: expect.any(Number) },
    });
  });

  it('/ml - a bad label is a 400 naming label, and nothing is appended', async () => {
    const before = (await get('/ml/dataset/report')).json().size;
    const response = await post('/ml/dataset/append', { text: 'x', label: 'HOLD' });
    expect(response.statusCode).toBe(400);
    expect(response.json().field).toBe('label');
    expect((await get('/ml/dataset/report')).json().size).toBe(before);
  });

  it('/ml - GET /status shows the model and the routing switches', async () => {
    expect((await get('/status')).json().signals).toMatchObject({
      model: { dataset_size: expect.any(Number), cv_accuracy: expect.any(Number) },
      auto_route: { enabled: true, dry_run: false, min_conf: 0.6 },
      llm: null,
    });
  });
});
