/**
 * PostgreSQL append benchmark (scale-out issue): batch append through PostgresEventStore and
 * through the HTTP API, next to a raw COPY of the same rows into the same schema in the same run.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { spawnServer, tempDataDir } from '../app/testing/app.js';
import { type NewEvent, PostgresEventStore, searchText, severityRank, toNewEvent } from '../events/index.js';
import { tsvectorLiteral } from '../events/postgres/store.js';
import { type BenchMeasurement, type BenchSuite, round } from './harness.js';
import { postAll } from './http-load.js';
import { benchEventInput } from './store.js';

const URL_ = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const EVENTS = Number(process.env.BENCH_PG_EVENTS ?? 200_000);

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: URL_ });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
}

function copyLine(id: number, e: NewEvent): string {
  const esc = (value: string | null) => (value === null ? '\\N' : value.replace(/\\/g, '\\\\'));
  return `${id}\t${e.tsMs}\t${e.eventType}\t${severityRank(e.severity)}\t${esc(e.symbol)}\t${esc(e.traceId)}\t${esc(e.source)}\t${esc(e.payloadJson)}\t${tsvectorLiteral(searchText(e.eventType, e.payloadJson))}\n`;
}

/** Raw COPY baseline: the same rows, one COPY per 1000-row transaction, no ordering lock. */
async function rawCopy(schema: string, events: NewEvent[]): Promise<number> {
  const store = await PostgresEventStore.open({ url: URL_, schema });
  await store.append([events[0]!, events[events.length - 1]!]);
  await store.close();
  const client = new pg.Client({ connectionString: URL_ });
  await client.connect();
  await client.query(`DELETE FROM "${schema}".events`);
  const started = performance.now();
  for (let start = 0; start < events.length; start += 1000) {
    let text = '';
    for (let i = start; i < Math.min(start + 1000, events.length); i++) text += copyLine(i + 10, events[i]!);
    await client.query('BEGIN');
    try {
      await pipeline(
        Readable.from([text]),
        client.query(
          copyFrom(
            `COPY "${schema}".events (id, ts_ms, event_type, severity, symbol, trace_id, source, payload, search) FROM STDIN`,
          ),
        ),
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      await client.end();
      throw error;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  await client.end();
  return events.length / seconds;
}

export const pgStoreSuite: BenchSuite = {
  name: 'pgstore',
  description: 'PostgreSQL batch append vs raw COPY of the same rows',
  async run(): Promise<BenchMeasurement[]> {
    const now = Date.now();
    const inputs = Array.from({ length: EVENTS }, (_, i) => benchEventInput(i, now, 3_600_000, EVENTS));
    const events = inputs.map((input) => toNewEvent(input));
    const stamp = Date.now().toString(36);
    const rawSchema = `bench_raw_${stamp}`;
    const storeSchema = `bench_store_${stamp}`;
    const httpSchema = `bench_http_${stamp}`;
    try {
      const copyRate = await rawCopy(rawSchema, events);
      const store = await PostgresEventStore.open({ url: URL_, schema: storeSchema });
      const started = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (next < events.length) {
            const start = next;
            next += 1000;
            await store.append(events.slice(start, start + 1000));
          }
        }),
      );
      const storeRate = events.length / ((performance.now() - started) / 1000);
      await store.close();

      const server = await spawnServer({
        DATA_DIR: tempDataDir('levibot-bench-pg-'),
        DATABASE_URL: URL_,
        DATABASE_SCHEMA: httpSchema,
      });
      let httpRate = 0;
      let failures = 0;
      try {
        const bodies: string[] = [];
        for (let i = 0; i < inputs.length; i += 1000) bodies.push(JSON.stringify(inputs.slice(i, i + 1000)));
        const load = await postAll(`${server.url}/events`, bodies, 4);
        failures = load.failures;
        httpRate = (EVENTS - load.failures * 1000) / load.seconds;
      } finally {
        server.child.kill('SIGTERM');
        await server.exited;
      }
      const baseline = (value: number) => ({
        name: 'raw COPY, same rows and schema',
        value: round(copyRate, 0),
        ratio: round(value / copyRate, 3),
      });
      return [
        {
          name: 'pg_raw_copy',
          value: round(copyRate, 0),
          unit: 'events/s',
          notes: 'COPY of 1000 rows per transaction',
        },
        {
          name: 'pg_store_batch_append',
          value: round(storeRate, 0),
          unit: 'events/s',
          target: { op: '>=', value: 50_000 },
          baseline: baseline(storeRate),
          notes: 'PostgresEventStore.append, 1000-event batches, 4 concurrent callers',
        },
        {
          name: 'pg_store_ratio_to_copy',
          value: round(storeRate / copyRate, 3),
          unit: 'x',
          target: { op: '>=', value: 0.5 },
        },
        {
          name: 'pg_http_batch_append',
          value: round(httpRate, 0),
          unit: 'events/s',
          baseline: baseline(httpRate),
          notes: `POST /events 1000-event arrays, 4 in flight, ${failures} failures`,
        },
      ];
    } finally {
      for (const schema of [rawSchema, storeSchema, httpSchema]) await dropSchema(schema);
    }
  },
};
