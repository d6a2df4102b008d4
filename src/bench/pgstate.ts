/**
 * Bench suite `pgstate`: market data and trading on PostgreSQL with several instances. Tick store
 * writes next to a raw COPY of the same rows in the same run; the served path (hub + engine +
 * PostgreSQL writes); an order's trip from a follower to the leader through the command queue; the
 * live tick relay's latency; and how long a follower takes to lead once the leader is gone.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import {
  LeaderElection,
  lockConnectionName,
  migrateCluster,
  PgCommandQueue,
  type Role,
} from '../cluster/index.js';
import {
  DEFAULT_CAPTURES,
  loadCaptureTicks,
  MarketHub,
  PgTickRelay,
  PostgresTickStore,
  type Tick,
} from '../market/index.js';
import { createPgPool, type PgPool } from '../shared/postgres.js';
import { PgListener } from '../shared/postgres-listener.js';
import { PaperEngine } from '../trading/index.js';
import { BENCH_ENGINE_SETTINGS } from '../trading/bench.js';
import { type BenchMeasurement, type BenchSuite, round, summarize } from './harness.js';

const URL_ = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const BATCH = 5000;

async function withSchema<T>(name: string, run: (schema: string, pool: PgPool) => Promise<T>): Promise<T> {
  const schema = `bench_${name}_${process.pid}`;
  const pool = createPgPool({ url: URL_, schema });
  try {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    return await run(schema, pool);
  } finally {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => {});
    await pool.end();
  }
}

function copyRow(tick: Tick): string {
  const n = (value: number) => (Number.isFinite(value) ? String(value) : '\\N');
  const side = tick.side === 'buy' ? '1' : tick.side === 'sell' ? '-1' : '\\N';
  return `${tick.symbol}\t${tick.ts}\t${n(tick.bid)}\t${n(tick.ask)}\t${n(tick.bidQty)}\t${n(tick.askQty)}\t${n(tick.last)}\t${tick.qty}\t${side}\n`;
}

/** Raw COPY of the same rows, one 5000-row transaction at a time, into a plain table with the same index. */
async function rawCopy(pool: PgPool, schema: string, ticks: readonly Tick[]): Promise<number> {
  await pool.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  await pool.query(`CREATE TABLE "${schema}".raw_ticks (symbol text NOT NULL, ts bigint NOT NULL,
    bid float8, ask float8, bid_qty float8, ask_qty float8, last float8, qty float8 NOT NULL, side smallint)`);
  await pool.query(`CREATE INDEX ON "${schema}".raw_ticks (symbol, ts)`);
  const client = await pool.connect();
  try {
    const started = performance.now();
    for (let start = 0; start < ticks.length; start += BATCH) {
      let text = '';
      for (let i = start; i < Math.min(start + BATCH, ticks.length); i++) text += copyRow(ticks[i]!);
      await client.query('BEGIN');
      await pipeline(
        Readable.from([text]),
        client.query(
          copyFrom(
            `COPY "${schema}".raw_ticks (symbol, ts, bid, ask, bid_qty, ask_qty, last, qty, side) FROM STDIN`,
          ),
        ),
      );
      await client.query('COMMIT');
    }
    return ticks.length / ((performance.now() - started) / 1000);
  } finally {
    client.release();
  }
}

/** The store alone: 5000-tick batches (no candles), as the hub hands them over. */
async function storeWrites(schema: string, pool: PgPool, ticks: readonly Tick[]): Promise<number> {
  const store = await PostgresTickStore.open({ url: URL_, schema, pool });
  const started = performance.now();
  for (let start = 0; start < ticks.length; start += BATCH)
    await store.write(ticks.slice(start, start + BATCH), []);
  const perS = ticks.length / ((performance.now() - started) / 1000);
  await store.close();
  return perS;
}

/** Hub (last tick, candles, buffered writes of ticks and changed candles) fanning out to the engine. */
async function servedPath(schema: string, pool: PgPool, ticks: readonly Tick[]): Promise<number> {
  const store = await PostgresTickStore.open({ url: URL_, schema, pool });
  const hub = new MarketHub({ store, flushTicks: Number.MAX_SAFE_INTEGER });
  const engine = new PaperEngine({ settings: { ...BENCH_ENGINE_SETTINGS } });
  hub.subscribeTicks('*', (tick) => engine.onTick(tick));
  const started = performance.now();
  for (let i = 0; i < ticks.length; i++) {
    hub.ingest(ticks[i]!);
    if (i % BATCH === BATCH - 1) await hub.flush();
  }
  await hub.close();
  const perS = ticks.length / ((performance.now() - started) / 1000);
  engine.takeEvents();
  await store.close();
  return perS;
}

async function listeners(count: number): Promise<PgListener[]> {
  const list = Array.from({ length: count }, () => new PgListener({ url: URL_ }));
  for (const listener of list) await listener.start();
  return list;
}

/** Follower submit → leader executes (a no-op) → follower has the result, one at a time. */
async function commandTrips(schema: string, pool: PgPool, count: number): Promise<number[]> {
  await migrateCluster(pool, schema);
  const [leaderListener, followerListener] = await listeners(2);
  const leader = new PgCommandQueue({ pool, schema, listener: leaderListener!, instance: 'leader' });
  const follower = new PgCommandQueue({ pool, schema, listener: followerListener!, instance: 'follower' });
  const stop = leader.consume(async (_kind, body) => body);
  await Promise.all([leaderListener!.ready(), followerListener!.ready()]);
  const samples: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      await follower.submit('place_order', { i });
      samples.push(performance.now() - started);
    }
  } finally {
    await stop();
    leader.close();
    follower.close();
    await leaderListener!.close();
    await followerListener!.close();
  }
  return samples;
}

/**
 * How stale a follower's view is: for each tick ingested on the leader's hub, the time until the
 * follower has received that tick or a newer one (the relay sends the latest tick per symbol).
 */
async function relayStaleness(schema: string, pool: PgPool, count: number): Promise<number[]> {
  const [listener] = await listeners(1);
  const relay = new PgTickRelay({ pool, schema, listener: listener! });
  const hub = new MarketHub();
  const sent: { ts: number; at: number }[] = [];
  const received: { ts: number; at: number }[] = [];
  const stopIn = relay.receive((tick) => received.push({ ts: tick.ts, at: performance.now() }));
  await listener!.ready();
  const stopOut = relay.publish(hub);
  const base = Date.now();
  for (let i = 0; i < count; i++) {
    sent.push({ ts: base + i, at: performance.now() });
    hub.ingest({
      symbol: 'BTC/USDT',
      ts: base + i,
      bid: 1,
      ask: 2,
      bidQty: 1,
      askQty: 1,
      last: 1.5,
      qty: 0,
      side: null,
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
  stopOut();
  stopIn();
  await listener!.close();
  const samples: number[] = [];
  let next = 0;
  for (const tick of sent) {
    while (next < received.length && received[next]!.ts < tick.ts) next++;
    if (next < received.length) samples.push(received[next]!.at - tick.at);
  }
  return samples;
}

async function roleReached(election: LeaderElection, role: Role): Promise<void> {
  while (election.role !== role) await new Promise((resolve) => setTimeout(resolve, 2));
}

/** The leader's process dies (its lock connection is cut); time until the follower leads. */
async function takeovers(schema: string, pool: PgPool, rounds: number, retryMs: number): Promise<number[]> {
  await migrateCluster(pool, schema);
  const quiet = { info: () => {}, warn: () => {}, error: () => {} };
  const samples: number[] = [];
  const admin = new pg.Client({ connectionString: URL_ });
  await admin.connect();
  try {
    for (let round = 0; round < rounds; round++) {
      const elections = ['x', 'y'].map(
        (name) =>
          new LeaderElection({
            url: URL_,
            schema,
            pool,
            instance: `${name}${round}`,
            retryMs,
            logger: quiet,
            onLead: async () => {},
            onFollow: async () => {},
          }),
      );
      const [first, second] = elections as [LeaderElection, LeaderElection];
      first.start();
      await roleReached(first, 'leader');
      second.start();
      await roleReached(second, 'follower');
      // Let the follower's retry phase fall anywhere in its period.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * retryMs));
      const killed = performance.now();
      await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
        [lockConnectionName(`x${round}`)],
      );
      await roleReached(second, 'leader');
      samples.push(performance.now() - killed);
      await Promise.all(elections.map((election) => election.stop()));
    }
  } finally {
    await admin.end();
  }
  return samples;
}

export const pgStateSuite: BenchSuite = {
  name: 'pgstate',
  description: 'Ticks, candles and trading on PostgreSQL with several instances (leader, followers)',
  async run(): Promise<BenchMeasurement[]> {
    const ticks = loadCaptureTicks(DEFAULT_CAPTURES);
    const raw = await withSchema('raw', (schema, pool) => rawCopy(pool, schema, ticks));
    const store = await withSchema('store', (schema, pool) => storeWrites(schema, pool, ticks));
    const served = await withSchema('served', (schema, pool) => servedPath(schema, pool, ticks));
    const trips = summarize(await withSchema('commands', (schema, pool) => commandTrips(schema, pool, 300)));
    const relay = summarize(await withSchema('relay', (schema, pool) => relayStaleness(schema, pool, 300)));
    const takeover = summarize(
      await withSchema('takeover', (schema, pool) => takeovers(schema, pool, 6, 1000)),
    );
    return [
      {
        name: 'pg_tick_store_write_ticks_per_s',
        value: Math.round(store),
        unit: 'ticks/s',
        baseline: {
          name: 'raw COPY of the same rows (plain table, same index)',
          value: Math.round(raw),
          ratio: round(store / raw, 3),
        },
        notes: `${ticks.length} ticks of the shipped captures in batches of ${BATCH} (COPY into daily partitions, ticks only)`,
      },
      {
        name: 'pg_served_path_ticks_per_s',
        value: Math.round(served),
        unit: 'ticks/s',
        notes: `hub + engine with every tick and changed 1s/1m/5m candle written to PostgreSQL, flushed (awaited) every ${BATCH} ticks`,
      },
      {
        name: 'command_round_trip_p50_ms',
        value: round(trips.p50, 2),
        unit: 'ms',
        notes: `follower submit → leader executes (no-op) → outcome back, ${trips.n} sequential commands (NOTIFY both ways)`,
      },
      { name: 'command_round_trip_p99_ms', value: round(trips.p99, 2), unit: 'ms' },
      {
        name: 'tick_relay_staleness_p50_ms',
        value: round(relay.p50, 2),
        unit: 'ms',
        notes: `leader hub.ingest of a tick → the follower has it or a newer one; a tick every 10 ms, the latest per symbol relayed every 100 ms (throttled by design), ${relay.n} ticks`,
      },
      { name: 'tick_relay_staleness_p99_ms', value: round(relay.p99, 2), unit: 'ms' },
      {
        name: 'takeover_p50_ms',
        value: round(takeover.p50, 1),
        unit: 'ms',
        notes: `leader's lock connection cut → follower leads, LEADER_RETRY_MS=1000, ${takeover.n} rounds (max ${round(takeover.max, 1)} ms)`,
      },
      {
        name: 'takeover_max_ms',
        value: round(takeover.max, 1),
        unit: 'ms',
        target: { op: '<=', value: 5000 },
      },
    ];
  },
};
