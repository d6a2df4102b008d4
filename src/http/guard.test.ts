import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createTestLeviBot } from '../app/testing/app.js';

describe('API-key guard', () => {
  it('secured routes need a valid X-API-Key; probes, status and metrics stay open', async () => {
    const levibot = await createTestLeviBot({ API_KEYS: 'user-key', ADMIN_API_KEYS: 'admin-key' });
    const get = (url: string, key?: string) =>
      levibot.http.inject({ method: 'GET', url, headers: key ? { 'x-api-key': key } : {} });
    try {
      expect((await get('/events')).statusCode).toBe(401);
      expect((await get('/events')).json()).toMatchObject({ error: 'unauthorized' });
      expect((await get('/events', 'wrong')).statusCode).toBe(401);
      expect((await get('/events', 'user-key')).statusCode).toBe(200);
      expect((await get('/events', 'admin-key')).statusCode).toBe(200);
      expect((await get('/analytics/stats')).statusCode).toBe(401);
      for (const open of ['/healthz', '/livez', '/readyz', '/status', '/metrics/prom']) {
        expect((await get(open)).statusCode, open).toBe(200);
      }
    } finally {
      await levibot.destroy();
    }
  });

  it('changing configuration needs an admin key when admin keys are set', async () => {
    const levibot = await createTestLeviBot({ API_KEYS: 'user-key', ADMIN_API_KEYS: 'admin-key' });
    const put = (key: string) =>
      levibot.http.inject({
        method: 'PUT',
        url: '/config',
        headers: { 'x-api-key': key },
        payload: { EVENT_RETENTION_DAYS: 9 },
      });
    try {
      expect((await put('user-key')).statusCode).toBe(403);
      expect(levibot.config.values.EVENT_RETENTION_DAYS).toBe(60);
      expect((await put('admin-key')).statusCode).toBe(200);
      expect(levibot.config.values.EVENT_RETENTION_DAYS).toBe(9);
    } finally {
      await levibot.destroy();
    }
  });

  it('a JWT signed with JWT_SECRET works like a key; an expired one does not', async () => {
    const levibot = await createTestLeviBot({ JWT_SECRET: 'jwt-secret-for-tests' });
    const secret = new TextEncoder().encode('jwt-secret-for-tests');
    const token = (exp: number, role?: string) =>
      new SignJWT(role ? { role } : {})
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('panel')
        .setExpirationTime(exp)
        .sign(secret);
    const now = Math.floor(Date.now() / 1000);
    try {
      const bearer = await token(now + 60);
      const ok = await levibot.http.inject({
        method: 'GET',
        url: '/events',
        headers: { authorization: `Bearer ${bearer}` },
      });
      expect(ok.statusCode).toBe(200);
      expect((await levibot.http.inject({ method: 'GET', url: `/events?token=${bearer}` })).statusCode).toBe(
        200,
      );
      const expired = await levibot.http.inject({
        method: 'GET',
        url: `/events?token=${await token(now - 60)}`,
      });
      expect(expired.statusCode).toBe(401);
      expect(expired.json()).toMatchObject({ error: 'unauthorized', message: 'token expired' });
      const put = (bearerToken: string) =>
        levibot.http.inject({
          method: 'PUT',
          url: '/config',
          headers: { authorization: `Bearer ${bearerToken}` },
          payload: { EVENT_RETENTION_DAYS: 5 },
        });
      expect((await put(bearer)).statusCode).toBe(403);
      expect((await put(await token(now + 60, 'admin'))).statusCode).toBe(200);
    } finally {
      await levibot.destroy();
    }
  });

  it('changing the risk policy needs an admin key; reading it does not', async () => {
    const levibot = await createTestLeviBot({ API_KEYS: 'user-key', ADMIN_API_KEYS: 'admin-key' });
    const call = (method: 'GET' | 'PUT', key: string) =>
      levibot.http.inject({
        method,
        url: '/risk/policy',
        headers: { 'x-api-key': key },
        ...(method === 'PUT' ? { payload: { name: 'aggressive' } } : {}),
      });
    try {
      expect((await call('GET', 'user-key')).statusCode).toBe(200);
      expect((await call('PUT', 'user-key')).statusCode).toBe(403);
      expect((await call('PUT', 'admin-key')).statusCode).toBe(200);
    } finally {
      await levibot.destroy();
    }
  });

  it('everything is open when no API keys are configured', async () => {
    const levibot = await createTestLeviBot();
    try {
      expect((await levibot.http.inject({ method: 'GET', url: '/events' })).statusCode).toBe(200);
    } finally {
      await levibot.destroy();
    }
  });
});

describe('rate limiting', () => {
  it('answers 429 with Retry-After once the burst is spent, per IP', async () => {
    const levibot = await createTestLeviBot({
      RATE_LIMIT_ENABLED: 'true',
      RL_BURST: '3',
      RL_MAX: '1',
      RL_WINDOW_SEC: '60',
    });
    const from = (ip: string) => levibot.http.inject({ method: 'GET', url: '/events', remoteAddress: ip });
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await from('10.0.0.1')).statusCode);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const refused = await from('10.0.0.1');
      expect(refused.headers['retry-after']).toBe('60');
      expect(refused.json()).toMatchObject({ error: 'rate_limited' });
      expect((await from('10.0.0.2')).statusCode).toBe(200);
      expect(
        (await levibot.http.inject({ method: 'GET', url: '/healthz', remoteAddress: '10.0.0.1' })).statusCode,
      ).toBe(200);
    } finally {
      await levibot.destroy();
    }
  });

  it('can bucket by API key instead of IP, and limits change at run time', async () => {
    const levibot = await createTestLeviBot({
      API_KEYS: 'k1,k2',
      RATE_LIMIT_ENABLED: 'true',
      RATE_LIMIT_BY: 'key',
      RL_BURST: '2',
      RL_MAX: '1',
    });
    const as = (key: string) =>
      levibot.http.inject({ method: 'GET', url: '/events', headers: { 'x-api-key': key } });
    try {
      expect([(await as('k1')).statusCode, (await as('k1')).statusCode, (await as('k1')).statusCode]).toEqual(
        [200, 200, 429],
      );
      expect((await as('k2')).statusCode).toBe(200);
      levibot.config.update({ RATE_LIMIT_ENABLED: false });
      expect((await as('k1')).statusCode).toBe(200);
    } finally {
      await levibot.destroy();
    }
  });
});
