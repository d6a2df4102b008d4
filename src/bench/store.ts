/**
 * Store benchmarks (issue: foundation §7): durable append throughput through the HTTP API (batch
 * and many concurrent single POSTs) next to a raw better-sqlite3 insert of the same rows into the
 * same schema, and GET /events latency over 1,000,000 stored events.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Agent } from 'node:http';
import { spawnServer, tempDataDir } from '../app/testing/app.js';
import {
  type EventInput,
  type NewEvent,
  SqliteEventStore,
  searchText,
  severityRank,
  toNewEvent,
} from '../events/index.js';
import { SQLITE_EVENT_MIGRATIONS } from '../events/sqlite/schema.js';
import { migrateSqlite, openSqlite } from '../shared/sqlite.js';
import { type BenchMeasurement, type BenchSuite, round, summarize } from './harness.js';
import { postAll, timedGet } from './http-load.js';

const APPEND_EVENTS = Number(process.env.BENCH_APPEND_EVENTS ?? 200_000);
const QUERY_EVENTS = Number(process.env.BENCH_QUERY_EVENTS ?? 1_000_000);
const QUERY_SAMPLES = 200;

const TYPES = [
  'SIGNAL_INGEST',
  'SIGNAL_SCORED',
  'AUTO_ROUTE_EXECUTED',
  'ORDER_NEW',
  'ORDER_FILLED',
  'POSITION_OPENED',
  'RISK_SLTP',
  'POSITION_CLOSED',
  'EQUITY_SNAPSHOT',
  'FEED_STATUS',
];
const SYMBOLS = Array.from({ length: 40 }, (_, i) => `C${i}/USDT`);
const WORDS = [
  'breakout',
  'pullback',
  'momentum',
  'reversal',
  'squeeze',
  'liquidation',
  'accumulation',
  'divergence',
  'rejection',
  'retest',
];

/** A realistic event: 10 types, 40 symbols, traces of 8, payload words for full-text search. */
export function benchEventInput(i: number, now: number, spanMs: number, count: number): EventInput {
  return {
    ts: new Date(now - spanMs + Math.floor((i / count) * spanMs)).toISOString(),
    event_type: TYPES[i % TYPES.length]!,
    severity: i % 50 === 0 ? 'warning' : 'info',
    symbol: SYMBOLS[(i >> 3) % SYMBOLS.length]!,
    trace_id: `tr-${i >> 3}`,
    source: 'bench',
    payload: {
      order_id: `po-${i}`,
      side: i % 2 ? 'buy' : 'sell',
      qty: 0.00123,
      price: 61234.5 + (i % 100),
      note: `${WORDS[i % WORDS.length]} ${WORDS[(i * 7) % WORDS.length]} w${i % 5000}`,
    },
  };
}

/** Raw baseline: the same rows into the same schema, prepared statements, `rowsPerTransaction` at a time. */
function rawInsert(file: string, events: NewEvent[], rowsPerTransaction: number): number {
  const db = openSqlite(file, { synchronous: 'full' });
  migrateSqlite(db, 'events', SQLITE_EVENT_MIGRATIONS);
  const insert = db.prepare(
    'INSERT INTO events (id, ts_ms, event_type, severity, symbol, trace_id, source, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const fts = db.prepare('INSERT INTO events_fts (rowid, body) VALUES (?, ?)');
  const started = performance.now();
  for (let start = 0; start < events.length; start += rowsPerTransaction) {
    db.transaction(() => {
      for (let i = start; i < Math.min(start + rowsPerTransaction, events.length); i++) {
        const e = events[i]!;
        insert.run(
          i + 1,
          e.tsMs,
          e.eventType,
          severityRank(e.severity),
          e.symbol,
          e.traceId,
          e.source,
          e.payloadJson,
        );
        fts.run(i + 1, searchText(e.eventType, e.payloadJson));
      }
    })();
  }
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return events.length / seconds;
}

async function appendBenchmarks(): Promise<BenchMeasurement[]> {
  const now = Date.now();
  const inputs = Array.from({ length: APPEND_EVENTS }, (_, i) =>
    benchEventInput(i, now, 3_600_000, APPEND_EVENTS),
  );
  // The store's group commit merges the 4 concurrent 1000-event POSTs into transactions of up to
  // 4000 rows, so the raw limit is the better of 1000 and 4000 rows per transaction.
  const rows = inputs.map((input) => toNewEvent(input));
  const rawRate = Math.max(
    ...[1000, 4000].map((rowsPerTransaction) => {
      const rawDir = tempDataDir('levibot-bench-raw-');
      const rate = rawInsert(join(rawDir, 'events.db'), rows, rowsPerTransaction);
      rmSync(rawDir, { recursive: true, force: true });
      return rate;
    }),
  );
  const baseline = (value: number) => ({
    name: 'raw better-sqlite3 insert, same rows and schema, best of 1000 and 4000 rows per transaction',
    value: round(rawRate, 0),
    ratio: round(value / rawRate, 3),
  });

  const dataDir = tempDataDir('levibot-bench-append-');
  const server = await spawnServer({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', STORE_SYNC: 'full' });
  try {
    const batches: string[] = [];
    for (let i = 0; i < inputs.length; i += 1000) batches.push(JSON.stringify(inputs.slice(i, i + 1000)));
    const batch = await postAll(`${server.url}/events`, batches, 4);
    const batchRate = (APPEND_EVENTS - batch.failures * 1000) / batch.seconds;

    const singles = inputs.slice(0, Math.min(50_000, APPEND_EVENTS)).map((input) => JSON.stringify(input));
    const single = await postAll(`${server.url}/events`, singles, 64);
    const singleRate = (singles.length - single.failures) / single.seconds;
    const singleLatency = summarize(single.latenciesMs);
    return [
      {
        name: 'raw_insert_same_schema',
        value: round(rawRate, 0),
        unit: 'events/s',
        notes: 'events table + 5 indexes + FTS5, synchronous=FULL, best of 1000 and 4000 rows/transaction',
      },
      {
        name: 'http_batch_append',
        value: round(batchRate, 0),
        unit: 'events/s',
        target: { op: '>=', value: 200_000 },
        baseline: baseline(batchRate),
        notes: `POST /events with 1000-event arrays, 4 in flight, ${batch.failures} failures`,
      },
      {
        name: 'http_batch_append_ratio_to_raw',
        value: round(batchRate / rawRate, 3),
        unit: 'x',
        target: { op: '>=', value: 0.6 },
      },
      {
        name: 'http_concurrent_single_append',
        value: round(singleRate, 0),
        unit: 'events/s',
        baseline: baseline(singleRate),
        notes: `64 concurrent clients, one event per POST, ${single.failures} failures`,
      },
      {
        name: 'http_single_append_latency_p95',
        value: round(singleLatency.p95, 2),
        unit: 'ms',
        notes: `p50 ${round(singleLatency.p50, 2)} ms under 64-way concurrency`,
      },
    ];
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function queryBenchmarks(): Promise<BenchMeasurement[]> {
  const dataDir = tempDataDir('levibot-bench-query-');
  const now = Date.now();
  const store = new SqliteEventStore({ file: join(dataDir, 'events.db'), synchronous: 'normal' });
  const fillStarted = performance.now();
  for (let start = 0; start < QUERY_EVENTS; start += 5000) {
    const chunk: NewEvent[] = [];
    for (let i = start; i < Math.min(start + 5000, QUERY_EVENTS); i++)
      chunk.push(toNewEvent(benchEventInput(i, now, 20 * 3_600_000, QUERY_EVENTS)));
    await store.append(chunk);
  }
  const fillSeconds = (performance.now() - fillStarted) / 1000;
  await store.close();

  const server = await spawnServer({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const measure = async (
    name: string,
    target: number,
    makeQuery: (n: number) => string,
  ): Promise<BenchMeasurement> => {
    for (let n = 0; n < 20; n++) await timedGet(agent, `${server.url}/events?${makeQuery(n)}`);
    const samples: number[] = [];
    let rows = 0;
    for (let n = 0; n < QUERY_SAMPLES; n++) {
      const result = await timedGet(agent, `${server.url}/events?${makeQuery(n * 7919)}`);
      if (result.status !== 200) throw new Error(`${name}: HTTP ${result.status}`);
      samples.push(result.ms);
      rows += result.bytes;
    }
    const stats = summarize(samples);
    return {
      name: `query_p95_${name}`,
      value: round(stats.p95, 2),
      unit: 'ms',
      target: { op: '<=', value: target },
      notes: `p50 ${round(stats.p50, 2)} ms, ${QUERY_SAMPLES} sequential GET /events (limit 200) over ${QUERY_EVENTS} events, avg ${Math.round(rows / QUERY_SAMPLES)} bytes`,
    };
  };
  try {
    return [
      {
        name: 'query_fill_rate',
        value: round(QUERY_EVENTS / fillSeconds, 0),
        unit: 'events/s',
        notes: 'in-process SqliteEventStore.append, 5000-event batches, synchronous=NORMAL',
      },
      await measure('no_filter', 10, () => 'limit=200'),
      await measure(
        'event_type_symbol',
        10,
        (n) =>
          `event_type=${TYPES[n % TYPES.length]}&symbol=${encodeURIComponent(SYMBOLS[n % SYMBOLS.length]!)}&limit=200`,
      ),
      await measure('trace_id', 10, (n) => `trace_id=tr-${n % (QUERY_EVENTS >> 3)}`),
      await measure('q', 50, (n) => `q=${WORDS[n % WORDS.length]}&limit=200`),
      await measure('q_rare_word', 50, (n) => `q=w${n % 5000}&limit=200`),
    ];
  } finally {
    agent.destroy();
    server.child.kill('SIGTERM');
    await server.exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export const storeSuite: BenchSuite = {
  name: 'store',
  description: 'durable append throughput vs raw SQLite; GET /events latency at 1M events',
  async run() {
    return [...(await appendBenchmarks()), ...(await queryBenchmarks())];
  },
};
