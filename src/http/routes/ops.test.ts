import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestLeviBot, type TestLeviBot } from '../../app/testing/app.js';

let levibot: TestLeviBot;

beforeAll(async () => {
  levibot = await createTestLeviBot({
    API_KEYS: 'key-one,key-two',
    JWT_SECRET: 'super-secret-value',
    CORS_ORIGINS: 'http://panel.test',
  });
});
afterAll(async () => {
  await levibot.destroy();
});

async function call(
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  payload?: unknown,
  headers: Record<string, string> = { 'x-api-key': 'key-one' },
) {
  const response = await levibot.http.inject({
    method,
    url,
    headers,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  return { status: response.statusCode, body: response.json() as Record<string, unknown>, raw: response };
}

async function typesOfRecentEvents() {
  return (await levibot.store.query({ limit: 50, order: 'desc' })).events.map((event) => event.event_type);
}

describe('health and status', () => {
  it('healthz, livez and readyz answer ok', async () => {
    expect((await call('GET', '/healthz')).body).toEqual({ status: 'ok' });
    expect((await call('GET', '/livez')).status).toBe(200);
    expect((await call('GET', '/readyz')).body).toEqual({ status: 'ready', store: 'sqlite' });
  });

  it('status reports version, uptime, store and run state', async () => {
    await levibot.log.emit({ event_type: 'ORDER_NEW', source: 'test' });
    const { body } = await call('GET', '/status');
    expect(body).toMatchObject({ version: levibot.build.version, running: true, store: { kind: 'sqlite' } });
    expect((body.store as { events: number }).events).toBeGreaterThan(0);
    expect(typeof body.uptime_s).toBe('number');
  });

  it('readyz answers 503 when the store is gone', async () => {
    const broken = await createTestLeviBot();
    await broken.store.close();
    const response = await broken.http.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ error: 'unavailable' });
    await broken.destroy();
  });
});

describe('start and stop', () => {
  it('stop emits BOT_STOPPED with the reason, start emits BOT_STARTED', async () => {
    const stopped = await call('POST', '/stop', { reason: 'maintenance window' });
    expect(stopped.body).toEqual({ running: false, changed: true });
    expect((await call('GET', '/status')).body.running).toBe(false);
    const [last] = (await levibot.store.query({ limit: 1, order: 'desc' })).events;
    expect(last).toMatchObject({ event_type: 'BOT_STOPPED', payload: { reason: 'maintenance window' } });
    expect((await call('POST', '/stop', {})).body).toEqual({ running: false, changed: false });
    expect((await call('POST', '/start')).body).toEqual({ running: true, changed: true });
    expect((await typesOfRecentEvents())[0]).toBe('BOT_STARTED');
  });

  it('rejects a reason that is not a string', async () => {
    const response = await call('POST', '/stop', { reason: { text: 'x' } });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ field: 'reason' });
  });
});

describe('configuration API', () => {
  it('GET /config redacts secrets and lists tunable settings', async () => {
    const { body, raw } = await call('GET', '/config');
    const settings = body.settings as Record<string, unknown>;
    expect(settings.API_KEYS).toBe('<redacted>');
    expect(settings.JWT_SECRET).toBe('<redacted>');
    expect(settings.DATABASE_URL).toBe('');
    expect(settings.PORT).toBe(0);
    expect(raw.body).not.toContain('key-one');
    expect(raw.body).not.toContain('super-secret-value');
    expect(body.tunable).toContain('EVENT_RETENTION_DAYS');
  });

  it('PUT /config changes a tunable setting and emits CONFIG_CHANGED', async () => {
    const { status, body } = await call('PUT', '/config', { EVENT_RETENTION_DAYS: 30 });
    expect(status).toBe(200);
    expect(body.changed).toEqual([{ name: 'EVENT_RETENTION_DAYS', from: 60, to: 30 }]);
    expect(levibot.config.values.EVENT_RETENTION_DAYS).toBe(30);
    const [last] = (await levibot.store.query({ limit: 1, order: 'desc' })).events;
    expect(last).toMatchObject({
      event_type: 'CONFIG_CHANGED',
      payload: { changes: [{ name: 'EVENT_RETENTION_DAYS', to: 30 }] },
    });
  });

  it.each([
    [{ EVENT_RETENTION_DAYS: 0 }, 'EVENT_RETENTION_DAYS'],
    [{ EVENT_RETENTION_DAYS: 'many' }, 'EVENT_RETENTION_DAYS'],
    [{ PORT: 9000 }, 'PORT'],
    [{ NO_SUCH_SETTING: 1 }, 'NO_SUCH_SETTING'],
  ])('PUT /config %j → 400 naming %s and changes nothing', async (patch, field) => {
    const before = { ...levibot.config.values };
    const response = await call('PUT', '/config', patch);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'validation_error', field });
    expect(levibot.config.values).toEqual(before);
  });

  it('POST /config/reload re-reads the settings it was started with', async () => {
    await call('PUT', '/config', { EVENT_RETENTION_DAYS: 12 });
    const { body } = await call('POST', '/config/reload');
    expect(body.changed).toEqual([{ name: 'EVENT_RETENTION_DAYS', from: 12, to: 60 }]);
    expect(body.restart_required).toEqual([]);
  });
});

describe('metrics and CORS', () => {
  it('exposes build info, event counters, HTTP and append histograms', async () => {
    await call('GET', '/healthz');
    const response = await levibot.http.inject({ method: 'GET', url: '/metrics/prom' });
    expect(response.headers['content-type']).toContain('text/plain');
    const text = response.body;
    expect(text).toMatch(/levibot_build_info\{version="[^"]+",git_sha="[^"]+",branch="[^"]+"\} 1/);
    expect(text).toMatch(/levibot_events_total\{event_type="BOT_STOPPED"\} 1/);
    expect(text).toContain('levibot_http_request_duration_seconds_bucket');
    expect(text).toContain('levibot_store_append_seconds_bucket');
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('allows configured origins only', async () => {
    const allowed = await levibot.http.inject({
      method: 'GET',
      url: '/healthz',
      headers: { origin: 'http://panel.test' },
    });
    expect(allowed.headers['access-control-allow-origin']).toBe('http://panel.test');
    const other = await levibot.http.inject({
      method: 'GET',
      url: '/healthz',
      headers: { origin: 'http://evil.test' },
    });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('serves the OpenAPI document and UI', async () => {
    const spec = await levibot.http.inject({ method: 'GET', url: '/docs/json' });
    expect(spec.statusCode).toBe(200);
    expect(Object.keys((spec.json() as { paths: object }).paths)).toEqual(
      expect.arrayContaining(['/events', '/traces/{trace_id}', '/analytics/stats']),
    );
    expect((await levibot.http.inject({ method: 'GET', url: '/docs' })).statusCode).toBeLessThan(400);
  });

  it('answers unknown routes with a JSON 404', async () => {
    expect((await call('GET', '/nope')).body).toMatchObject({ error: 'not_found' });
  });
});
