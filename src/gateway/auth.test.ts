import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SseProbe, startServer, type TestServer, WsProbe } from './testing/harness.js';

const SECRET = 'test-secret-of-enough-length-32b!';

async function token(
  claims: Record<string, unknown>,
  options: { secret?: string; exp?: string | number | null; alg?: string } = {},
) {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: options.alg ?? 'HS256' }).setIssuedAt();
  if (options.exp !== null) jwt.setExpirationTime(options.exp ?? '5m');
  return jwt.sign(new TextEncoder().encode(options.secret ?? SECRET));
}

describe('gateway auth', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer({
      API_KEYS: 'reader-key,admin-key',
      ADMIN_API_KEYS: 'admin-key',
      JWT_SECRET: SECRET,
    });
  });
  afterAll(() => server.close());

  const refusals: [string, () => Promise<string>, Record<string, string>?][] = [
    ['no credentials', async () => ''],
    ['an unknown api_key', async () => 'api_key=guess'],
    ['an unknown X-API-Key header', async () => '', { 'x-api-key': 'guess' }],
    [
      'an expired token',
      async () => `token=${await token({ sub: 'u1' }, { exp: Math.floor(Date.now() / 1000) - 60 })}`,
    ],
    ['a token without exp', async () => `token=${await token({ sub: 'u1' }, { exp: null })}`],
    [
      'a token signed with another secret',
      async () => `token=${await token({ sub: 'u1' }, { secret: 'another-secret-another-secret-xx' })}`,
    ],
    ['a token with another algorithm', async () => `token=${await token({ sub: 'u1' }, { alg: 'HS512' })}`],
    ['a malformed token', async () => 'token=not.a.jwt'],
  ];

  it.each(refusals)(
    'gateway auth - /ws and /ws/events refuse %s with close 4401',
    async (_name, query, headers = {}) => {
      const q = await query();
      for (const path of ['/ws', '/ws/events']) {
        const probe = await WsProbe.open(`${server.wsUrl}${path}?${q}`, { headers });
        const { code } = await probe.waitForClose();
        expect(code).toBe(4401);
        expect(probe.frames).toEqual([expect.objectContaining({ type: 'error', code: 'unauthorized' })]);
      }
    },
  );

  it.each(refusals)(
    'gateway auth - /stream/events refuses %s with 401',
    async (_name, query, headers = {}) => {
      const probe = await SseProbe.open(`${server.url}/stream/events?${await query()}`, headers);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(probe.status).toBe(401);
      expect(JSON.parse(probe.body)).toMatchObject({ error: 'unauthorized' });
    },
  );

  it('gateway auth - a key in the header or the query, or a valid token, opens every stream', async () => {
    const jwt = await token({ sub: 'panel' });
    const ways: [string, Record<string, string>][] = [
      ['api_key=reader-key', {}],
      ['', { 'x-api-key': 'reader-key' }],
      [`token=${jwt}`, {}],
      ['', { authorization: `Bearer ${jwt}` }],
    ];
    for (const [query, headers] of ways) {
      const events = await WsProbe.open(`${server.wsUrl}/ws/events?${query}`, { headers });
      await events.waitFor((f) => f.type === 'hello', 'hello');
      const channels = await WsProbe.open(`${server.wsUrl}/ws?${query}`, { headers });
      await channels.waitFor((f) => f.type === 'connected', 'connected');
      const sse = await SseProbe.open(`${server.url}/stream/events?${query}`, headers);
      await sse.waitFor((m) => m.event === 'hello', 'hello');
      expect(sse.status).toBe(200);
      for (const probe of [events, channels]) probe.close();
      sse.close();
    }
  });

  it('gateway auth - POST /ws/broadcast needs an admin key or an admin token', async () => {
    const send = (headers: Record<string, string>) =>
      server.levibot.http.inject({
        method: 'POST',
        url: '/ws/broadcast',
        headers,
        payload: { channel: 'status', data: 'hi' },
      });
    expect((await send({})).statusCode).toBe(401);
    expect((await send({ 'x-api-key': 'reader-key' })).statusCode).toBe(403);
    expect((await send({ authorization: `Bearer ${await token({ sub: 'u' })}` })).statusCode).toBe(403);
    expect((await send({ 'x-api-key': 'admin-key' })).statusCode).toBe(200);
    expect((await send({ authorization: `Bearer ${await token({ role: 'admin' })}` })).statusCode).toBe(200);
  });

  it('gateway auth - refusals are counted', async () => {
    const status = server.levibot.gateway.status();
    expect(status.refused.unauthorized).toBeGreaterThanOrEqual(refusals.length * 3);
    const prom = (await server.levibot.http.inject({ url: '/metrics/prom' })).body;
    expect(prom).toContain(`levibot_ws_refused_total{reason="unauthorized"} ${status.refused.unauthorized}`);
  });
});
