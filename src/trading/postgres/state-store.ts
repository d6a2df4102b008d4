/**
 * PostgreSQL adapter of the TradingStateStore port: one paper portfolio shared by several
 * instances. Only the leader's engine saves; every instance reads orders and the equity curve.
 */
import {
  createPgPool,
  migratePostgres,
  type PgPool,
  quoteSchema,
  inTransaction,
} from '../../shared/postgres.js';
import type {
  EngineState,
  EquityPoint,
  PaperAccount,
  PaperOrder,
  PaperPosition,
  StateChanges,
} from '../model.js';
import type { OrderHistoryQuery, TradingStateStore } from '../state-store.js';
import { POSTGRES_TRADING_MIGRATIONS } from './schema.js';

export interface PostgresTradingStateStoreOptions {
  url: string;
  /** @default 'public' */
  schema?: string;
  /** Share a pool with other adapters; otherwise the store opens (and closes) its own. */
  pool?: PgPool;
}

export class PostgresTradingStateStore implements TradingStateStore {
  readonly kind = 'postgres';
  private closed = false;

  private constructor(
    private readonly pool: PgPool,
    private readonly schema: string,
    private readonly ownsPool: boolean,
  ) {}

  static async open(options: PostgresTradingStateStoreOptions): Promise<PostgresTradingStateStore> {
    const schema = options.schema ?? 'public';
    const pool = options.pool ?? createPgPool({ url: options.url, schema });
    try {
      await migratePostgres(pool, schema, 'trading', POSTGRES_TRADING_MIGRATIONS);
    } catch (error) {
      if (options.pool === undefined) await pool.end();
      throw error;
    }
    return new PostgresTradingStateStore(pool, schema, options.pool === undefined);
  }

  private table(name: string): string {
    return `${quoteSchema(this.schema)}.${name}`;
  }

  async load(): Promise<EngineState | null> {
    const account = await this.pool.query<{ body: string }>(
      `SELECT body FROM ${this.table('paper_account')}`,
    );
    if (!account.rows[0]) return null;
    const [positions, open] = await Promise.all([
      this.pool.query<{ body: string }>(`SELECT body FROM ${this.table('paper_positions')} ORDER BY symbol`),
      this.pool.query<{ body: string }>(
        `SELECT body FROM ${this.table('paper_orders')} WHERE status = 'open' ORDER BY seq`,
      ),
    ]);
    return {
      account: JSON.parse(account.rows[0].body) as PaperAccount,
      positions: positions.rows.map((row) => JSON.parse(row.body) as PaperPosition),
      open_orders: open.rows.map((row) => JSON.parse(row.body) as PaperOrder),
    };
  }

  async save(changes: StateChanges): Promise<void> {
    // One row per order: a merged batch can hold several states of one order; the last one wins.
    const orders = new Map<string, PaperOrder>();
    for (const order of changes.orders) orders.set(order.order_id, order);
    await inTransaction(this.pool, async (client) => {
      await client.query(
        `INSERT INTO ${this.table('paper_account')} (singleton, body) VALUES (true, $1)
       ON CONFLICT (singleton) DO UPDATE SET body = excluded.body`,
        [JSON.stringify(changes.account)],
      );
      // Few positions: replacing the set is simpler than tracking which ones closed.
      await client.query(`DELETE FROM ${this.table('paper_positions')}`);
      if (changes.positions.length > 0) {
        await client.query(
          `INSERT INTO ${this.table('paper_positions')} (symbol, body) SELECT * FROM unnest($1::text[], $2::text[])`,
          [
            changes.positions.map((position) => position.symbol),
            changes.positions.map((position) => JSON.stringify(position)),
          ],
        );
      }
      if (orders.size > 0) {
        const list = [...orders.values()];
        await client.query(
          `INSERT INTO ${this.table('paper_orders')} (order_id, seq, symbol, status, body)
         SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[])
         ON CONFLICT (order_id) DO UPDATE SET status = excluded.status, body = excluded.body`,
          [
            list.map((order) => order.order_id),
            list.map((order) => Number(order.order_id.slice(3))),
            list.map((order) => order.symbol),
            list.map((order) => order.status),
            list.map((order) => JSON.stringify(order)),
          ],
        );
      }
      if (changes.equity.length > 0) {
        const points = changes.equity;
        await client.query(
          `INSERT INTO ${this.table('paper_equity')} (ts, equity, cash, realized_pnl, unrealized_pnl)
         SELECT * FROM unnest($1::bigint[], $2::float8[], $3::float8[], $4::float8[], $5::float8[])`,
          [
            points.map((point) => point.ts),
            points.map((point) => point.equity),
            points.map((point) => point.cash),
            points.map((point) => point.realized_pnl),
            points.map((point) => point.unrealized_pnl),
          ],
        );
      }
    });
  }

  async orders(query: OrderHistoryQuery): Promise<PaperOrder[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.status) {
      params.push(query.status);
      where.push(`status = $${params.length}`);
    }
    if (query.symbol) {
      params.push(query.symbol);
      where.push(`symbol = $${params.length}`);
    }
    params.push(query.limit);
    const { rows } = await this.pool.query<{ body: string }>(
      `SELECT body FROM ${this.table('paper_orders')} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY seq DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map((row) => JSON.parse(row.body) as PaperOrder);
  }

  async equity(sinceMs: number): Promise<EquityPoint[]> {
    const { rows } = await this.pool.query<EquityPoint>(
      `SELECT ts, equity, cash, realized_pnl, unrealized_pnl FROM ${this.table('paper_equity')}
       WHERE ts >= $1 ORDER BY ts`,
      [sinceMs],
    );
    return rows;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.ownsPool) await this.pool.end();
  }
}
