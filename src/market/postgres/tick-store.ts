/**
 * PostgreSQL adapter of the TickStore port: one market history shared by several instances (only
 * the leader writes). Ticks go in by COPY, candles by one multi-row upsert, in one transaction.
 * Retention drops whole daily partitions. With TimescaleDB installed, ticks are a hypertable and
 * candles come from continuous aggregates instead (see `schema.ts`).
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import {
  createPgPool,
  migratePostgres,
  type PgPool,
  quoteSchema,
  inTransaction,
} from '../../shared/postgres.js';
import { DailyPartitions, dayStart } from '../../shared/postgres-partitions.js';
import { type Bar, CANDLE_INTERVAL_NAMES } from '../candles.js';
import { type BarRow, rowToBar, rowToTick, sideCode, type TickRow } from '../codec.js';
import type { CandleQuery, TickStore } from '../store.js';
import type { Tick } from '../tick.js';
import { PLAIN_TICK_MIGRATIONS, timescaleTickMigrations } from './schema.js';

export type TickStoreMode = 'plain' | 'timescaledb';

export interface PostgresTickStoreOptions {
  url: string;
  /** @default 'public' */
  schema?: string;
  /** Share a pool with other adapters; otherwise the store opens (and closes) its own. */
  pool?: PgPool;
}

const PARTITIONS_AHEAD_DAYS = 2;
const COPY_CHUNK_CHARS = 65_536;

/** A COPY text field: `\N` for NULL; numbers print in their shortest exact form. */
function copyNumber(value: number): string {
  return Number.isFinite(value) ? String(value) : '\\N';
}

function copyText(value: string): string {
  return value.replace(/[\\\t\n\r]/g, (char) =>
    char === '\t' ? '\\t' : char === '\n' ? '\\n' : char === '\r' ? '\\r' : '\\\\',
  );
}

/** COPY lines grouped in ~64 KiB chunks: one stream write per line would dominate the cost. */
function copyChunks(ticks: readonly Tick[]): string[] {
  const chunks: string[] = [];
  let chunk = '';
  for (const tick of ticks) {
    const side = sideCode(tick.side);
    chunk += `${copyText(tick.symbol)}\t${tick.ts}\t${copyNumber(tick.bid)}\t${copyNumber(tick.ask)}\t${copyNumber(tick.bidQty)}\t${copyNumber(tick.askQty)}\t${copyNumber(tick.last)}\t${tick.qty}\t${side === null ? '\\N' : side}\n`;
    if (chunk.length >= COPY_CHUNK_CHARS) {
      chunks.push(chunk);
      chunk = '';
    }
  }
  if (chunk !== '') chunks.push(chunk);
  return chunks;
}

export class PostgresTickStore implements TickStore {
  readonly kind = 'postgres';
  private readonly partitions: DailyPartitions;
  private maintenanceTimer: NodeJS.Timeout | undefined;
  private closed = false;

  private constructor(
    private readonly pool: PgPool,
    private readonly schema: string,
    private readonly ownsPool: boolean,
    /** Where ticks and candles live: plain tables, or a hypertable and continuous aggregates. */
    readonly mode: TickStoreMode,
    /** Quoted schema of the timescaledb extension (timescaledb mode only). */
    private readonly extension: string,
  ) {
    this.partitions = new DailyPartitions(pool, schema, 'ticks');
  }

  static async open(options: PostgresTickStoreOptions): Promise<PostgresTickStore> {
    const schema = options.schema ?? 'public';
    const pool = options.pool ?? createPgPool({ url: options.url, schema });
    try {
      const extension = await timescaleSchema(pool);
      const migrations = extension === null ? PLAIN_TICK_MIGRATIONS : timescaleTickMigrations(extension);
      await migratePostgres(pool, schema, 'market', migrations);
      // The mode chosen at the first migration stays, even if the extension came or went since.
      const { rows } = await pool.query<{ mode: TickStoreMode }>(
        `SELECT mode FROM ${quoteSchema(schema)}.market_meta`,
      );
      const mode = rows[0]!.mode;
      if (mode === 'timescaledb' && extension === null) {
        throw new Error('the tick store was created with TimescaleDB, which is no longer installed');
      }
      const store = new PostgresTickStore(pool, schema, options.pool === undefined, mode, extension ?? '');
      if (mode === 'plain') {
        await store.partitions.load();
        await store.partitions.ensureAhead(PARTITIONS_AHEAD_DAYS);
        store.maintenanceTimer = setInterval(
          () => void store.partitions.ensureAhead(PARTITIONS_AHEAD_DAYS).catch(() => {}),
          3_600_000,
        );
        store.maintenanceTimer.unref();
      }
      return store;
    } catch (error) {
      if (options.pool === undefined) await pool.end();
      throw error;
    }
  }

  private table(name: string): string {
    return `${quoteSchema(this.schema)}.${name}`;
  }

  async write(ticks: readonly Tick[], bars: readonly Bar[]): Promise<void> {
    // Everything is read from the (live) inputs before the first await.
    const chunks = copyChunks(ticks);
    const days = new Set<number>();
    for (const tick of ticks) days.add(dayStart(tick.ts));
    const upsert = this.mode === 'plain' && bars.length > 0 ? barColumns(bars) : null;
    if (chunks.length === 0 && upsert === null) return;

    if (this.mode === 'plain') await this.partitions.ensure(days);
    await inTransaction(this.pool, async (client) => {
      if (chunks.length > 0) {
        const copy = client.query(
          copyFrom(
            `COPY ${this.table('ticks')} (symbol, ts, bid, ask, bid_qty, ask_qty, last, qty, side) FROM STDIN`,
          ),
        );
        await pipeline(Readable.from(chunks), copy);
      }
      if (upsert !== null) {
        await client.query(
          `INSERT INTO ${this.table('candles')} (symbol, interval, t, o, h, l, c, volume_units, n)
         SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::float8[], $5::float8[], $6::float8[],
                              $7::float8[], $8::bigint[], $9::integer[])
         ON CONFLICT (symbol, interval, t) DO UPDATE SET o = excluded.o, h = excluded.h, l = excluded.l,
           c = excluded.c, volume_units = excluded.volume_units, n = excluded.n`,
          upsert,
        );
      }
    });
  }

  async candles(query: CandleQuery): Promise<Bar[]> {
    const { rows } = await this.pool.query<BarRow>(
      `SELECT * FROM (
         SELECT symbol, interval, t, o, h, l, c, volume_units, n FROM ${this.table('candles')}
         WHERE symbol = $1 AND interval = $2 AND t >= $3 AND t < $4 ORDER BY t DESC LIMIT $5
       ) recent ORDER BY t ASC`,
      [
        query.symbol,
        query.interval,
        query.sinceMs ?? Number.MIN_SAFE_INTEGER,
        query.untilMs ?? Number.MAX_SAFE_INTEGER,
        query.limit,
      ],
    );
    return rows.map(rowToBar);
  }

  async lastTick(symbol: string): Promise<Tick | undefined> {
    const { rows } = await this.pool.query<TickRow>(
      `SELECT symbol, ts, bid, ask, bid_qty, ask_qty, last, qty, side FROM ${this.table('ticks')}
       WHERE symbol = $1 ORDER BY ts DESC, seq DESC LIMIT 1`,
      [symbol],
    );
    const row = rows[0];
    if (!row) return undefined;
    return rowToTick(row);
  }

  async recentBars(perSeries: number): Promise<Bar[]> {
    const symbols = await this.candleSymbols();
    if (symbols.length === 0) return [];
    const { rows } = await this.pool.query<BarRow>(
      `SELECT recent.* FROM unnest($1::text[]) AS s(symbol)
       CROSS JOIN unnest($2::text[]) AS i(interval)
       CROSS JOIN LATERAL (
         SELECT symbol, interval, t, o, h, l, c, volume_units, n FROM ${this.table('candles')}
         WHERE symbol = s.symbol AND interval = i.interval ORDER BY t DESC LIMIT $3
       ) recent
       ORDER BY recent.symbol, recent.interval, recent.t`,
      [symbols, CANDLE_INTERVAL_NAMES, perSeries],
    );
    return rows.map(rowToBar);
  }

  /** Distinct symbols by walking the primary key (PostgreSQL has no skip scan; DISTINCT would read every row). */
  private async candleSymbols(): Promise<string[]> {
    if (this.mode === 'timescaledb') {
      const { rows } = await this.pool.query<{ symbol: string }>(
        `SELECT DISTINCT symbol FROM ${this.table('candles_5m')}`,
      );
      return rows.map((row) => row.symbol);
    }
    const { rows } = await this.pool.query<{ symbol: string }>(
      `WITH RECURSIVE walk AS (
         (SELECT symbol FROM ${this.table('candles')} ORDER BY symbol LIMIT 1)
         UNION ALL
         SELECT (SELECT symbol FROM ${this.table('candles')} WHERE symbol > walk.symbol ORDER BY symbol LIMIT 1)
         FROM walk WHERE walk.symbol IS NOT NULL
       )
       SELECT symbol FROM walk WHERE symbol IS NOT NULL`,
    );
    return rows.map((row) => row.symbol);
  }

  async deleteBefore(_symbols: readonly string[], tickMs: number, candleMs: number): Promise<number> {
    if (this.mode === 'timescaledb') return this.deleteBeforeTimescale(tickMs, candleMs);
    let removed = await this.partitions.dropBefore(tickMs);
    // The partition holding the cut-off itself: pruning limits the delete to it.
    removed +=
      (await this.pool.query(`DELETE FROM ${this.table('ticks')} WHERE ts < $1`, [tickMs])).rowCount ?? 0;
    removed +=
      (await this.pool.query(`DELETE FROM ${this.table('candles')} WHERE t < $1`, [candleMs])).rowCount ?? 0;
    return removed;
  }

  private async deleteBeforeTimescale(tickMs: number, candleMs: number): Promise<number> {
    const ext = this.extension;
    const { rows } = await this.pool.query<{ n: number }>(
      `SELECT count(*) AS n FROM ${this.table('ticks')} WHERE ts < $1`,
      [tickMs],
    );
    await this.pool.query(`SELECT ${ext}.drop_chunks($1::regclass, older_than => $2::bigint)`, [
      this.table('ticks'),
      tickMs,
    ]);
    await this.pool.query(`DELETE FROM ${this.table('ticks')} WHERE ts < $1`, [tickMs]);
    for (const name of ['candles_1s', 'candles_1m', 'candles_5m']) {
      await this.pool.query(`SELECT ${ext}.drop_chunks($1::regclass, older_than => $2::bigint)`, [
        this.table(name),
        candleMs,
      ]);
    }
    return rows[0]!.n;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.maintenanceTimer);
    if (this.ownsPool) await this.pool.end();
  }
}

/** The bars as the nine column arrays of the upsert. */
function barColumns(bars: readonly Bar[]): unknown[][] {
  const columns: unknown[][] = [[], [], [], [], [], [], [], [], []];
  for (const bar of bars) {
    columns[0]!.push(bar.symbol);
    columns[1]!.push(bar.interval);
    columns[2]!.push(bar.t);
    columns[3]!.push(bar.o);
    columns[4]!.push(bar.h);
    columns[5]!.push(bar.l);
    columns[6]!.push(bar.c);
    columns[7]!.push(bar.volumeUnits);
    columns[8]!.push(bar.n);
  }
  return columns;
}

/** The quoted schema of the timescaledb extension, or null when it is not installed. */
async function timescaleSchema(pool: PgPool): Promise<string | null> {
  const { rows } = await pool.query<{ schema: string }>(
    `SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
     WHERE e.extname = 'timescaledb'`,
  );
  return rows[0] ? `"${rows[0].schema.replace(/"/g, '""')}"` : null;
}
