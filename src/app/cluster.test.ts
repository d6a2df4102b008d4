import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { SseProbe } from '../gateway/testing/harness.js';
import { dropTestSchema, postgresTestUrl, testSchemaName } from '../shared/testing/services.js';
import { type ServerProcess, spawnServer, tempDataDir } from './testing/app.js';

const url = await postgresTestUrl();

interface Status {
  cluster: { role: string; instance: string; leader: { instance: string; term: number } | null };
  feed: { kind: string; status: string; ticks: number };
  paper: { positions: number };
}

async function json<T>(
  server: ServerProcess,
  path: string,
  init?: RequestInit,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${server.url}${path}`, init);
  return { status: response.status, body: (await response.json()) as T };
}

async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function post(body: unknown): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

if (url) {
  const schema = testSchemaName('cluster');
  const dirs: string[] = [];
  const servers: ServerProcess[] = [];

  afterAll(async () => {
    for (const server of servers) {
      if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
      await server.exited;
    }
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    await dropTestSchema(url, schema);
  });

  async function start(instance: string): Promise<ServerProcess> {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const server = await spawnServer({
      DATA_DIR: dataDir,
      DATABASE_URL: url!,
      DATABASE_SCHEMA: schema,
      INSTANCE_NAME: instance,
      FEED: 'replay',
      LEADER_RETRY_MS: '200',
      PORTFOLIO_INTERVAL_MS: '200',
    });
    servers.push(server);
    return server;
  }

  const status = async (server: ServerProcess) => (await json<Status>(server, '/status')).body;

  describe('two instances on one PostgreSQL', () => {
    it('cluster - one leader runs the feed and the engine; orders posted to the follower execute on the leader; the follower takes over after SIGKILL with the account intact', async () => {
      const a = await start('a');
      await until(async () => {
        const seen = await status(a);
        return seen.cluster.role === 'leader' && seen.feed.ticks > 0 ? seen : undefined;
      }, 'a to lead and receive ticks');
      const b = await start('b');
      const follower = await until(async () => {
        const seen = await status(b);
        return seen.cluster.role === 'follower' ? seen : undefined;
      }, 'b to follow');

      // Only the leader runs the feed.
      expect(follower.feed).toMatchObject({ kind: 'none', status: 'standby', ticks: 0 });
      expect(follower.cluster.leader).toMatchObject({ instance: 'a', term: 1 });
      expect((await status(a)).feed).toMatchObject({ kind: 'replay', status: 'connected' });
      const feedEvents = await json<{ events: { payload: { status: string } }[] }>(
        b,
        '/events?event_type=FEED_STATUS&days=30',
      );
      expect(feedEvents.body.events.filter((event) => event.payload.status === 'connected')).toHaveLength(1);

      // The follower serves market data from the shared history and the relayed ticks.
      const last = await until(async () => {
        const response = await json<{ symbol: string; bid: number }>(b, '/market/last?symbol=BTCUSDT');
        return response.status === 200 ? response.body : undefined;
      }, 'a last tick on the follower');
      expect(last.bid).toBeGreaterThan(50_000);
      const candles = await until(async () => {
        const response = await json<{ candles: unknown[] }>(b, '/market/candles?symbol=BTCUSDT&interval=1s');
        return response.body.candles.length > 0 ? response.body.candles : undefined;
      }, 'candles on the follower');
      expect(candles[0]).toMatchObject({ t: expect.any(Number), n: expect.any(Number) });
      // Live ticks reach the follower's streams (relayed by the leader).
      const ticks = await SseProbe.open(`${b.url}/stream/ticks?symbol=BTCUSDT`);
      const portfolio = await SseProbe.open(`${b.url}/stream/portfolio`);
      const dataOf = (probe: SseProbe) =>
        probe.messages
          .filter((m) => m.data !== undefined)
          .map((m) => JSON.parse(m.data!) as Record<string, unknown>);
      await until(async () => (dataOf(ticks).length >= 4 ? true : undefined), 'live ticks on the follower');
      const times = dataOf(ticks).map((tick) => tick.ts as number);
      expect(times).toEqual([...times].sort((x, y) => x - y));
      expect(new Set(times).size).toBeGreaterThan(1);

      // An order posted to the follower is executed by the leader's engine and visible from both.
      const placed = await json<{ status: string; order_id: string }>(
        b,
        '/paper/order',
        post({ symbol: 'BTCUSDT', side: 'buy', notional_usd: 250, sl: 40_000, trace_id: 'via-follower' }),
      );
      expect(placed).toMatchObject({ status: 201, body: { status: 'accepted', order_id: 'po-1' } });
      for (const server of [a, b]) {
        const { body } = await json<{ positions: { symbol: string; side: string; sl: number }[] }>(
          server,
          '/paper/positions',
        );
        expect(body.positions).toEqual([
          expect.objectContaining({ symbol: 'BTC/USDT', side: 'long', sl: 40_000 }),
        ]);
        const orders = await json<{ orders: { order_id: string; status: string }[] }>(
          server,
          '/paper/orders',
        );
        expect(orders.body.orders).toEqual([expect.objectContaining({ order_id: 'po-1', status: 'filled' })]);
      }
      // The follower's portfolio stream shows the position the leader opened.
      await until(
        async () =>
          dataOf(portfolio).some((snapshot) => (snapshot.positions as unknown[]).length === 1)
            ? true
            : undefined,
        'the position on the follower`s portfolio stream',
      );
      ticks.close();
      portfolio.close();
      const trace = await json<{ events: { event_type: string }[] }>(b, '/traces/via-follower');
      expect(trace.body.events.map((event) => event.event_type)).toEqual([
        'ORDER_NEW',
        'ORDER_FILLED',
        'POSITION_OPENED',
        'RISK_SLTP',
      ]);
      // A refusal on the leader comes back as the same HTTP answer.
      const blocked = await json<{ message: string }>(
        b,
        '/paper/order',
        post({ symbol: 'BTCUSDT', side: 'buy', notional_usd: 100 }),
      );
      expect(blocked).toMatchObject({ status: 409, body: { message: 'order blocked: cooldown' } });
      const kill = await json<{ kill_switch: { on: boolean } }>(
        b,
        '/risk/killswitch',
        post({ on: true, reason: 'test' }),
      );
      expect(kill.body.kill_switch.on).toBe(true);
      expect((await json<{ kill_switch: { on: boolean } }>(a, '/risk/policy')).body.kill_switch.on).toBe(
        true,
      );
      // A policy change on the follower reaches the leader's engine, and outlives the leader.
      const policy = await json<{ changed: boolean; name: string }>(b, '/risk/policy', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'aggressive' }),
      });
      expect(policy.body).toMatchObject({ changed: true, name: 'aggressive' });
      expect((await json<{ name: string }>(a, '/risk/policy')).body.name).toBe('aggressive');
      const before = (await json<{ cash: number; positions: unknown[] }>(b, '/paper/portfolio')).body;

      // The leader dies: the follower takes over within a few seconds, account intact.
      const killedAt = Date.now();
      a.child.kill('SIGKILL');
      await a.exited;
      const leading = await until(async () => {
        const seen = await status(b);
        return seen.cluster.role === 'leader' ? seen : undefined;
      }, 'b to take over');
      expect(Date.now() - killedAt).toBeLessThan(5_000);
      expect(leading.cluster.leader).toMatchObject({ instance: 'b', term: 2 });
      const after = (
        await json<{ cash: number; positions: unknown[]; kill_switch: { on: boolean } }>(
          b,
          '/paper/portfolio',
        )
      ).body;
      expect(after.cash).toBe(before.cash);
      expect(after.positions).toEqual([
        expect.objectContaining({ symbol: 'BTC/USDT', side: 'long', sl: 40_000, trace_id: 'via-follower' }),
      ]);
      expect(after.kill_switch.on).toBe(true);
      expect((await json<{ name: string }>(b, '/risk/policy')).body.name).toBe('aggressive');
      await until(
        async () => ((await status(b)).feed.ticks > 0 ? true : undefined),
        'the feed on the new leader',
      );

      // The new leader's engine takes orders.
      await json(b, '/risk/killswitch', post({ on: false }));
      const again = await json<{ status: string; order_id: string }>(
        b,
        '/paper/order',
        post({ symbol: 'ETHUSDT', side: 'sell', notional_usd: 50 }),
      );
      expect(again).toMatchObject({ status: 201, body: { status: 'accepted', order_id: 'po-2' } });

      // A leader stopped normally hands over: it stops its feed and engine, then the next one leads.
      const c = await start('c');
      await until(
        async () => ((await status(c)).cluster.role === 'follower' ? true : undefined),
        'c to follow',
      );
      b.child.kill('SIGTERM');
      expect(await b.exited).toBe(0);
      const third = await until(async () => {
        const seen = await status(c);
        return seen.cluster.role === 'leader' ? seen : undefined;
      }, 'c to take over');
      expect(third.cluster.leader).toMatchObject({ instance: 'c', term: 3 });
      const positions = (await json<{ positions: { symbol: string }[] }>(c, '/paper/positions')).body
        .positions;
      expect(positions.map((position) => position.symbol)).toEqual(['BTC/USDT', 'ETH/USDT']);
    }, 90_000);
  });
}
