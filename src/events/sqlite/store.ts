/**
 * SQLite adapter of the EventStore port (the embedded default): WAL, group commit, FTS5.
 */
import type { Statement } from 'better-sqlite3';
import {
  type SqliteDatabase,
  migrateSqlite,
  openSqlite,
  type SqliteOpenOptions,
} from '../../shared/sqlite.js';
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
import { SQLITE_EVENT_MIGRATIONS } from './schema.js';

interface PendingAppend {
  events: readonly NewEvent[];
  resolve: (stored: StoredEvent[]) => void;
  reject: (error: unknown) => void;
}

const COLUMNS = 'e.id, e.ts_ms, e.event_type, e.severity, e.symbol, e.trace_id, e.source, e.payload';

/** FTS5 query text for `q`: every term as a quoted phrase, `*` kept as a prefix marker. */
function ftsQuery(q: string): string | null {
  const terms = searchTerms(q);
  if (terms.length === 0) return null;
  return terms.map((term) => `"${term.words.join(' ')}"${term.prefix ? '*' : ''}`).join(' AND ');
}

export interface SqliteEventStoreOptions extends SqliteOpenOptions {
  /** Database file, or `:memory:`. */
  file: string;
}

export class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite';
  private readonly db: SqliteDatabase;
  private readonly insertEvent: Statement;
  private readonly insertFts: Statement;
  private readonly saveLastId: Statement;
  private readonly readLastId: Statement;
  private readonly statements = new Map<string, Statement>();
  private pending: PendingAppend[] = [];
  private flushScheduled = false;
  private closed = false;

  constructor(options: SqliteEventStoreOptions) {
    this.db = openSqlite(options.file, options);
    migrateSqlite(this.db, 'events', SQLITE_EVENT_MIGRATIONS);
    this.insertEvent = this.db.prepare(
      'INSERT INTO events (id, ts_ms, event_type, severity, symbol, trace_id, source, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.insertFts = this.db.prepare('INSERT INTO events_fts (rowid, body) VALUES (?, ?)');
    this.saveLastId = this.db.prepare("UPDATE store_meta SET value = ? WHERE key = 'last_id'");
    this.readLastId = this.db.prepare("SELECT value FROM store_meta WHERE key = 'last_id'").pluck();
  }

  append(events: readonly NewEvent[]): Promise<StoredEvent[]> {
    if (this.closed) return Promise.reject(new Error('event store is closed'));
    if (events.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.pending.push({ events, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        // setImmediate rather than a microtask: appends from every request parsed in this turn of
        // the event loop join the same transaction (group commit).
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    try {
      const results = this.db.transaction(() => batch.map((job) => this.insertAll(job.events))).immediate();
      batch.forEach((job, index) => job.resolve(results[index]!));
    } catch {
      // One job's failure must not fail the others: commit each on its own.
      for (const job of batch) {
        try {
          job.resolve(this.db.transaction(() => this.insertAll(job.events)).immediate());
        } catch (error) {
          job.reject(error);
        }
      }
    }
  }

  /**
   * Runs inside an IMMEDIATE transaction, which holds the write lock: reading `last_id` here keeps
   * ids unique and increasing even when another process (e.g. `levibot seed-demo`) writes too.
   */
  private insertAll(events: readonly NewEvent[]): StoredEvent[] {
    let nextId = (this.readLastId.get() as number) + 1;
    const stored: StoredEvent[] = new Array(events.length);
    for (let i = 0; i < events.length; i++) {
      const event = events[i]!;
      const id = nextId++;
      this.insertEvent.run(
        id,
        event.tsMs,
        event.eventType,
        severityRank(event.severity),
        event.symbol,
        event.traceId,
        event.source,
        event.payloadJson,
      );
      this.insertFts.run(id, searchText(event.eventType, event.payloadJson));
      stored[i] = toStoredEvent(id, event);
    }
    this.saveLastId.run(nextId - 1);
    return stored;
  }

  private prepared(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /**
   * WHERE clauses for a filter. Returns null when the filter can match nothing (a `q` without
   * any word). When `q` is set the query is driven by the FTS table, aliased `f`.
   */
  private where(filter: EventFilter, params: unknown[]): { clauses: string[]; fts: boolean } | null {
    const clauses: string[] = [];
    let fts = false;
    if (filter.q !== undefined && filter.q.trim() !== '') {
      const match = ftsQuery(filter.q);
      if (match === null) return null;
      clauses.push('events_fts MATCH ?');
      params.push(match);
      fts = true;
    }
    if (filter.eventTypes && filter.eventTypes.length > 0) {
      clauses.push(`e.event_type IN (${filter.eventTypes.map(() => '?').join(', ')})`);
      params.push(...filter.eventTypes);
    }
    if (filter.symbol !== undefined) {
      clauses.push('e.symbol = ?');
      params.push(filter.symbol);
    }
    if (filter.traceId !== undefined) {
      clauses.push('e.trace_id = ?');
      params.push(filter.traceId);
    }
    if (filter.sinceMs !== undefined) {
      clauses.push('e.ts_ms >= ?');
      params.push(filter.sinceMs);
    }
    if (filter.untilMs !== undefined) {
      clauses.push('e.ts_ms < ?');
      params.push(filter.untilMs);
    }
    if (filter.minSeverity !== undefined && filter.minSeverity !== 'debug') {
      clauses.push('e.severity >= ?');
      params.push(severityRank(filter.minSeverity));
    }
    return { clauses, fts };
  }

  private select(
    filter: EventFilter,
    range: { afterId?: number | undefined; beforeId?: number | undefined },
    order: 'asc' | 'desc',
    limit: number,
  ): StoredEvent[] {
    const params: unknown[] = [];
    const where = this.where(filter, params);
    if (where === null) return [];
    const idColumn = where.fts ? 'f.rowid' : 'e.id';
    if (range.afterId !== undefined) {
      where.clauses.push(`${idColumn} > ?`);
      params.push(range.afterId);
    }
    if (range.beforeId !== undefined) {
      where.clauses.push(`${idColumn} < ?`);
      params.push(range.beforeId);
    }
    const from = where.fts ? 'events_fts f JOIN events e ON e.id = f.rowid' : 'events e';
    const whereSql = where.clauses.length > 0 ? `WHERE ${where.clauses.join(' AND ')}` : '';
    const sql = `SELECT ${COLUMNS} FROM ${from} ${whereSql} ORDER BY ${idColumn} ${order === 'asc' ? 'ASC' : 'DESC'} LIMIT ?`;
    params.push(limit);
    const rows = this.prepared(sql).all(...params) as EventRow[];
    return rows.map(rowToEvent);
  }

  async query(query: EventQuery): Promise<EventPage> {
    const events = this.select(query, query, query.order, query.limit);
    const last = events[events.length - 1];
    return { events, nextCursor: events.length === query.limit && last ? last.id : null };
  }

  async readAfter(afterId: number, filter: EventFilter, limit: number): Promise<StoredEvent[]> {
    return this.select(filter, { afterId }, 'asc', limit);
  }

  async get(id: number): Promise<StoredEvent | undefined> {
    const row = this.prepared(`SELECT ${COLUMNS} FROM events e WHERE e.id = ?`).get(id) as
      EventRow | undefined;
    return row ? rowToEvent(row) : undefined;
  }

  async trace(traceId: string): Promise<StoredEvent[]> {
    const rows = this.prepared(`SELECT ${COLUMNS} FROM events e WHERE e.trace_id = ? ORDER BY e.id ASC`).all(
      traceId,
    ) as EventRow[];
    return rows.map(rowToEvent);
  }

  async lastId(): Promise<number> {
    return this.readLastId.get() as number;
  }

  async count(): Promise<number> {
    return this.prepared('SELECT count(*) FROM events').pluck().get() as number;
  }

  async stats(sinceMs: number): Promise<EventStats> {
    const byTypeRows = this.prepared(
      'SELECT event_type, count(*) AS n FROM events WHERE ts_ms >= ? GROUP BY event_type ORDER BY n DESC',
    ).all(sinceMs) as { event_type: string; n: number }[];
    const symbolRows = this.prepared(
      'SELECT symbol, count(*) AS n FROM events WHERE ts_ms >= ? AND symbol IS NOT NULL GROUP BY symbol ORDER BY n DESC, symbol LIMIT 10',
    ).all(sinceMs) as { symbol: string; n: number }[];
    const byType: Record<string, number> = {};
    let total = 0;
    for (const row of byTypeRows) {
      byType[row.event_type] = row.n;
      total += row.n;
    }
    return { total, byType, topSymbols: symbolRows.map((row) => ({ symbol: row.symbol, count: row.n })) };
  }

  async timeseries(
    sinceMs: number,
    intervalMs: number,
    eventTypes?: readonly string[],
  ): Promise<TimeBucket[]> {
    const params: unknown[] = [intervalMs, intervalMs, sinceMs];
    let typeClause = '';
    if (eventTypes && eventTypes.length > 0) {
      typeClause = ` AND event_type IN (${eventTypes.map(() => '?').join(', ')})`;
      params.push(...eventTypes);
    }
    const rows = this.prepared(
      `SELECT (ts_ms / CAST(? AS INTEGER)) * ? AS bucket, count(*) AS n FROM events WHERE ts_ms >= ?${typeClause} GROUP BY bucket ORDER BY bucket`,
    ).all(...params) as { bucket: number; n: number }[];
    return rows.map((row) => ({ t: new Date(row.bucket).toISOString(), count: row.n }));
  }

  async topTraces(sinceMs: number, limit: number): Promise<TraceSummary[]> {
    const rows = this.prepared(
      `SELECT trace_id, count(*) AS n, min(ts_ms) AS first_ms, max(ts_ms) AS last_ms,
              group_concat(DISTINCT event_type) AS types, max(symbol) AS symbol
       FROM events WHERE trace_id IS NOT NULL AND ts_ms >= ?
       GROUP BY trace_id ORDER BY n DESC, last_ms DESC, trace_id LIMIT ?`,
    ).all(sinceMs, limit) as {
      trace_id: string;
      n: number;
      first_ms: number;
      last_ms: number;
      types: string;
      symbol: string | null;
    }[];
    return rows.map((row) => ({
      trace_id: row.trace_id,
      count: row.n,
      first_ts: new Date(row.first_ms).toISOString(),
      last_ts: new Date(row.last_ms).toISOString(),
      duration_ms: row.last_ms - row.first_ms,
      event_types: row.types.split(','),
      symbol: row.symbol ?? undefined,
    }));
  }

  async deleteBefore(tsMs: number): Promise<number> {
    const selectIds = this.prepared('SELECT id FROM events WHERE ts_ms < ? LIMIT 10000').pluck();
    const deleteFts = this.prepared('DELETE FROM events_fts WHERE rowid = ?');
    const deleteEvent = this.prepared('DELETE FROM events WHERE id = ?');
    let deleted = 0;
    // Chunks of 10,000 keep each write transaction short, so appends are not held up.
    for (;;) {
      const ids = selectIds.all(tsMs) as number[];
      if (ids.length === 0) return deleted;
      this.db.transaction(() => {
        for (const id of ids) {
          deleteFts.run(id);
          deleteEvent.run(id);
        }
      })();
      deleted += ids.length;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async healthCheck(): Promise<void> {
    this.prepared('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.pending.length > 0) this.flush();
    this.db.close();
  }
}
