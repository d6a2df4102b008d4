/**
 * PostgreSQL adapter of the EventStore port, for several LeviBot instances sharing one history.
 *
 * - Appends from every instance are serialised by a transaction-level advisory lock and take their
 *   ids from `event_meta` in the same transaction, so commit order equals id order: a reader that
 *   resumes after id N can never later see a smaller id commit (no gap on resume).
 * - Each instance groups concurrent appends into one COPY (group commit).
 * - `events` is partitioned by day; partitions are created ahead and on demand; retention drops
 *   whole partitions.
 * - `search` holds a tsvector built from the same normalised words as the SQLite FTS index, so `q`
 *   means exactly the same on both adapters.
 */
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { from as copyFrom } from 'pg-copy-streams';
import { UnavailableError } from '../../shared/errors.js';
import {
  createPgPool,
  migratePostgres,
  type PgPool,
  quoteSchema,
  inTransaction,
} from '../../shared/postgres.js';
import {
  type EventRow,
  type NewEvent,
  type StoredEvent,
  rowToEvent,
  searchTerms,
  searchText,
  severityRank,
  toStoredEvent,
} from '../model.js';
import type {
  EventFilter,
  EventPage,
  EventQuery,
  EventStats,
  EventStore,
  TimeBucket,
  TraceSummary,
} from '../store.js';
import { POSTGRES_EVENT_MIGRATIONS } from './schema.js';

const DAY_MS = 86_400_000;
const PARTITIONS_AHEAD_DAYS = 3;
const MAX_TSVECTOR_POSITION = 16_383;

interface PendingAppend {
  events: readonly NewEvent[];
  resolve: (stored: StoredEvent[]) => void;
  reject: (error: unknown) => void;
}

const COLUMNS = 'id, ts_ms, event_type, severity, symbol, trace_id, source, payload';

/**
 * The tsvector literal of the search text: each word with its positions. Words are runs of
 * letters and digits only, so they need no escaping inside the quotes.
 */
export function tsvectorLiteral(text: string): string {
  const positions = new Map<string, number[]>();
  let position = 0;
  for (const word of text.split(' ')) {
    if (word === '') continue;
    position = Math.min(position + 1, MAX_TSVECTOR_POSITION);
    const list = positions.get(word);
    if (list) {
      if (list[list.length - 1] !== position && list.length < 256) list.push(position);
    } else positions.set(word, [position]);
  }
  const parts: string[] = [];
  for (const [word, list] of positions) parts.push(`'${word}':${list.join(',')}`);
  return parts.join(' ');
}

/** tsquery text for `q`: phrases joined by AND; null when `q` holds no word. */
function tsquery(q: string): string | null {
  const terms = searchTerms(q);
  if (terms.length === 0) return null;
  return terms
    .map((term) => {
      const words = term.words.map(
        (word, index) => `'${word}'${term.prefix && index === term.words.length - 1 ? ':*' : ''}`,
      );
      return words.length > 1 ? `(${words.join(' <-> ')})` : words[0]!;
    })
    .join(' & ');
}

/** COPY text format: backslash is the only character our columns can hold that needs escaping. */
function copyField(value: string | null): string {
  return value === null ? '\\N' : value.replace(/\\/g, '\\\\');
}

function partitionName(dayStartMs: number): string {
  return `events_p${new Date(dayStartMs).toISOString().slice(0, 10).replace(/-/g, '')}`;
}

export interface PostgresEventStoreOptions {
  url: string;
  /** @default 'public' */
  schema?: string;
  pool?: PgPool;
}

export class PostgresEventStore implements EventStore {
  readonly kind = 'postgres';
  private readonly schema: string;
  private readonly lockKey: string;
  private readonly knownPartitions = new Set<number>();
  private pending: PendingAppend[] = [];
  private flushing = false;
  private closed = false;
  private maintenanceTimer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly pool: PgPool,
    schema: string,
    private readonly ownsPool: boolean,
  ) {
    this.schema = schema;
    this.lockKey = `levibot-events-append-${schema}`;
  }

  static async open(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const schema = options.schema ?? 'public';
    const pool = options.pool ?? createPgPool({ url: options.url, schema });
    const store = new PostgresEventStore(pool, schema, options.pool === undefined);
    try {
      await migratePostgres(pool, schema, 'events', POSTGRES_EVENT_MIGRATIONS);
      await store.loadPartitions();
      await store.ensurePartitions(store.daysAhead());
    } catch (error) {
      if (store.ownsPool) await pool.end();
      throw error;
    }
    store.maintenanceTimer = setInterval(
      () => void store.ensurePartitions(store.daysAhead()).catch(() => {}),
      3_600_000,
    );
    store.maintenanceTimer.unref();
    return store;
  }

  private get table(): string {
    return `${quoteSchema(this.schema)}.events`;
  }

  private daysAhead(): number[] {
    const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
    return Array.from({ length: PARTITIONS_AHEAD_DAYS + 1 }, (_, i) => today + i * DAY_MS);
  }

  private async loadPartitions(): Promise<void> {
    const { rows } = await this.pool.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = $1::regclass`,
      [this.table],
    );
    for (const { name } of rows) {
      const match = /^events_p(\d{4})(\d{2})(\d{2})$/.exec(name);
      if (match) this.knownPartitions.add(Date.parse(`${match[1]}-${match[2]}-${match[3]}T00:00:00Z`));
    }
  }

  private async ensurePartitions(days: Iterable<number>): Promise<void> {
    for (const day of days) {
      if (this.knownPartitions.has(day)) continue;
      try {
        await this.pool.query(
          `CREATE TABLE IF NOT EXISTS ${quoteSchema(this.schema)}.${partitionName(day)} PARTITION OF ${this.table}
           FOR VALUES FROM (${day}) TO (${day + DAY_MS})`,
        );
      } catch (error) {
        // Another instance created it between our check and our CREATE.
        if ((error as { code?: string }).code !== '42P07') throw error;
      }
      this.knownPartitions.add(day);
    }
  }

  append(events: readonly NewEvent[]): Promise<StoredEvent[]> {
    if (this.closed) return Promise.reject(new UnavailableError('event store is closed'));
    if (events.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.pending.push({ events, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  /** One flush at a time; appends arriving meanwhile form the next group. */
  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.pending.length > 0) {
        const batch = this.pending;
        this.pending = [];
        try {
          const results = await this.commit(batch.map((job) => job.events));
          batch.forEach((job, index) => job.resolve(results[index]!));
        } catch (error) {
          for (const job of batch)
            job.reject(
              new UnavailableError(`event append failed: ${(error as Error).message}`, { cause: error }),
            );
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  private async commit(groups: (readonly NewEvent[])[]): Promise<StoredEvent[][]> {
    const days = new Set<number>();
    for (const group of groups) for (const event of group) days.add(Math.floor(event.tsMs / DAY_MS) * DAY_MS);
    await this.ensurePartitions(days);

    return inTransaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [this.lockKey]);
      const { rows } = await client.query<{ last_id: number }>('SELECT last_id FROM event_meta');
      let nextId = rows[0]!.last_id + 1;
      const lines: string[] = [];
      const results: StoredEvent[][] = groups.map((group) =>
        group.map((event) => {
          const id = nextId++;
          lines.push(
            `${id}\t${event.tsMs}\t${event.eventType}\t${severityRank(event.severity)}\t${copyField(event.symbol)}\t${copyField(event.traceId)}\t${copyField(event.source)}\t${copyField(event.payloadJson)}\t${tsvectorLiteral(searchText(event.eventType, event.payloadJson))}\n`,
          );
          return toStoredEvent(id, event);
        }),
      );
      const copy = client.query(
        copyFrom(
          `COPY ${this.table} (id, ts_ms, event_type, severity, symbol, trace_id, source, payload, search) FROM STDIN`,
        ),
      );
      await pipeline(Readable.from(chunkLines(lines)), copy);
      await client.query('UPDATE event_meta SET last_id = $1', [nextId - 1]);
      return results;
    });
  }

  private where(filter: EventFilter, params: unknown[]): string[] | null {
    const clauses: string[] = [];
    const bind = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filter.q !== undefined && filter.q.trim() !== '') {
      const query = tsquery(filter.q);
      if (query === null) return null;
      clauses.push(`search @@ ${bind(query)}::tsquery`);
    }
    if (filter.eventTypes && filter.eventTypes.length > 0)
      clauses.push(`event_type = ANY(${bind(filter.eventTypes)}::text[])`);
    if (filter.symbol !== undefined) clauses.push(`symbol = ${bind(filter.symbol)}`);
    if (filter.traceId !== undefined) clauses.push(`trace_id = ${bind(filter.traceId)}`);
    if (filter.sinceMs !== undefined) clauses.push(`ts_ms >= ${bind(filter.sinceMs)}`);
    if (filter.untilMs !== undefined) clauses.push(`ts_ms < ${bind(filter.untilMs)}`);
    if (filter.minSeverity !== undefined && filter.minSeverity !== 'debug') {
      clauses.push(`severity >= ${bind(severityRank(filter.minSeverity))}`);
    }
    return clauses;
  }

  private async select(
    filter: EventFilter,
    range: { afterId?: number | undefined; beforeId?: number | undefined },
    order: 'asc' | 'desc',
    limit: number,
  ): Promise<StoredEvent[]> {
    const params: unknown[] = [];
    const clauses = this.where(filter, params);
    if (clauses === null) return [];
    if (range.afterId !== undefined) {
      params.push(range.afterId);
      clauses.push(`id > $${params.length}`);
    }
    if (range.beforeId !== undefined) {
      params.push(range.beforeId);
      clauses.push(`id < $${params.length}`);
    }
    params.push(limit);
    const whereSql = clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${COLUMNS} FROM ${this.table} ${whereSql} ORDER BY id ${order === 'asc' ? 'ASC' : 'DESC'} LIMIT $${params.length}`,
      params,
    );
    return rows.map(rowToEvent);
  }

  async query(query: EventQuery): Promise<EventPage> {
    const events = await this.select(query, query, query.order, query.limit);
    const last = events[events.length - 1];
    return { events, nextCursor: events.length === query.limit && last ? last.id : null };
  }

  async readAfter(afterId: number, filter: EventFilter, limit: number): Promise<StoredEvent[]> {
    return this.select(filter, { afterId }, 'asc', limit);
  }

  async get(id: number): Promise<StoredEvent | undefined> {
    const { rows } = await this.pool.query<EventRow>(`SELECT ${COLUMNS} FROM ${this.table} WHERE id = $1`, [
      id,
    ]);
    return rows[0] ? rowToEvent(rows[0]) : undefined;
  }

  async trace(traceId: string): Promise<StoredEvent[]> {
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${COLUMNS} FROM ${this.table} WHERE trace_id = $1 ORDER BY id`,
      [traceId],
    );
    return rows.map(rowToEvent);
  }

  async lastId(): Promise<number> {
    const { rows } = await this.pool.query<{ last_id: number }>(
      `SELECT last_id FROM ${quoteSchema(this.schema)}.event_meta`,
    );
    return rows[0]!.last_id;
  }

  async count(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(`SELECT count(*) AS n FROM ${this.table}`);
    return rows[0]!.n;
  }

  async stats(sinceMs: number): Promise<EventStats> {
    const [byType, symbols] = await Promise.all([
      this.pool.query<{ event_type: string; n: number }>(
        `SELECT event_type, count(*) AS n FROM ${this.table} WHERE ts_ms >= $1 GROUP BY event_type ORDER BY n DESC`,
        [sinceMs],
      ),
      this.pool.query<{ symbol: string; n: number }>(
        `SELECT symbol, count(*) AS n FROM ${this.table} WHERE ts_ms >= $1 AND symbol IS NOT NULL
         GROUP BY symbol ORDER BY n DESC, symbol LIMIT 10`,
        [sinceMs],
      ),
    ]);
    const counts: Record<string, number> = {};
    let total = 0;
    for (const row of byType.rows) {
      counts[row.event_type] = row.n;
      total += row.n;
    }
    return {
      total,
      byType: counts,
      topSymbols: symbols.rows.map((row) => ({ symbol: row.symbol, count: row.n })),
    };
  }

  async timeseries(
    sinceMs: number,
    intervalMs: number,
    eventTypes?: readonly string[],
  ): Promise<TimeBucket[]> {
    const params: unknown[] = [intervalMs, sinceMs];
    let typeClause = '';
    if (eventTypes && eventTypes.length > 0) {
      params.push(eventTypes);
      typeClause = ' AND event_type = ANY($3::text[])';
    }
    const { rows } = await this.pool.query<{ bucket: number; n: number }>(
      `SELECT (ts_ms / $1::bigint) * $1::bigint AS bucket, count(*) AS n FROM ${this.table}
       WHERE ts_ms >= $2${typeClause} GROUP BY bucket ORDER BY bucket`,
      params,
    );
    return rows.map((row) => ({ t: new Date(row.bucket).toISOString(), count: row.n }));
  }

  async topTraces(sinceMs: number, limit: number): Promise<TraceSummary[]> {
    const { rows } = await this.pool.query<{
      trace_id: string;
      n: number;
      first_ms: number;
      last_ms: number;
      types: string[];
      symbol: string | null;
    }>(
      `SELECT trace_id, count(*) AS n, min(ts_ms) AS first_ms, max(ts_ms) AS last_ms,
              array_agg(DISTINCT event_type) AS types, max(symbol) AS symbol
       FROM ${this.table} WHERE trace_id IS NOT NULL AND ts_ms >= $1
       GROUP BY trace_id ORDER BY n DESC, last_ms DESC, trace_id LIMIT $2`,
      [sinceMs, limit],
    );
    return rows.map((row) => ({
      trace_id: row.trace_id,
      count: row.n,
      first_ts: new Date(row.first_ms).toISOString(),
      last_ts: new Date(row.last_ms).toISOString(),
      duration_ms: row.last_ms - row.first_ms,
      event_types: row.types,
      symbol: row.symbol ?? undefined,
    }));
  }

  async deleteBefore(tsMs: number): Promise<number> {
    let deleted = 0;
    await this.loadPartitions();
    for (const day of [...this.knownPartitions].sort((a, b) => a - b)) {
      if (day + DAY_MS > tsMs) break;
      const name = `${quoteSchema(this.schema)}.${partitionName(day)}`;
      const { rows } = await this.pool.query<{ n: number }>(`SELECT count(*) AS n FROM ${name}`);
      await this.pool.query(`DROP TABLE IF EXISTS ${name}`);
      this.knownPartitions.delete(day);
      deleted += rows[0]!.n;
    }
    const result = await this.pool.query(`DELETE FROM ${this.table} WHERE ts_ms < $1`, [tsMs]);
    return deleted + (result.rowCount ?? 0);
  }

  async healthCheck(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.maintenanceTimer);
    while (this.flushing || this.pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    if (this.ownsPool) await this.pool.end();
  }
}

/** Group COPY lines into ~64 KiB chunks: one stream write per line would dominate the cost. */
function* chunkLines(lines: string[]): Generator<string> {
  let chunk = '';
  for (const line of lines) {
    chunk += line;
    if (chunk.length >= 65_536) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}
