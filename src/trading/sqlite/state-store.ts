/** SQLite adapter of the TradingStateStore port (synchronous underneath; the port is async for PostgreSQL). */
import type { Statement } from 'better-sqlite3';
import { type SqliteDatabase, migrateSqlite, openSqlite } from '../../shared/sqlite.js';
import type {
  EngineState,
  EquityPoint,
  PaperAccount,
  PaperOrder,
  PaperPosition,
  StateChanges,
} from '../model.js';
import type { OrderHistoryQuery, TradingStateStore } from '../state-store.js';

const MIGRATIONS = [
  `CREATE TABLE paper_account (id INTEGER PRIMARY KEY CHECK (id = 1), body TEXT NOT NULL);
   CREATE TABLE paper_positions (symbol TEXT PRIMARY KEY, body TEXT NOT NULL);
   CREATE TABLE paper_orders (
     order_id TEXT PRIMARY KEY, seq INTEGER NOT NULL, symbol TEXT NOT NULL, status TEXT NOT NULL, body TEXT NOT NULL);
   CREATE INDEX paper_orders_seq ON paper_orders (seq);
   CREATE INDEX paper_orders_status ON paper_orders (status, seq);
   CREATE TABLE paper_equity (
     ts INTEGER NOT NULL, equity REAL NOT NULL, cash REAL NOT NULL, realized_pnl REAL NOT NULL, unrealized_pnl REAL NOT NULL);
   CREATE INDEX paper_equity_ts ON paper_equity (ts);`,
];

export class SqliteTradingStateStore implements TradingStateStore {
  readonly kind = 'sqlite';
  private readonly db: SqliteDatabase;
  private readonly saveAccount: Statement;
  private readonly upsertOrder: Statement;
  private readonly insertPosition: Statement;
  private readonly insertEquity: Statement;
  private readonly saveAll: (changes: StateChanges) => void;

  constructor(options: { file: string; synchronous?: 'full' | 'normal' }) {
    this.db = openSqlite(options.file, { synchronous: options.synchronous ?? 'full' });
    migrateSqlite(this.db, 'trading', MIGRATIONS);
    this.saveAccount = this.db.prepare(
      'INSERT INTO paper_account (id, body) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET body = excluded.body',
    );
    this.upsertOrder = this.db.prepare(
      `INSERT INTO paper_orders (order_id, seq, symbol, status, body) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (order_id) DO UPDATE SET status = excluded.status, body = excluded.body`,
    );
    this.insertPosition = this.db.prepare('INSERT INTO paper_positions (symbol, body) VALUES (?, ?)');
    this.insertEquity = this.db.prepare(
      'INSERT INTO paper_equity (ts, equity, cash, realized_pnl, unrealized_pnl) VALUES (?, ?, ?, ?, ?)',
    );
    const clearPositions = this.db.prepare('DELETE FROM paper_positions');
    this.saveAll = this.db.transaction((changes: StateChanges) => {
      this.saveAccount.run(JSON.stringify(changes.account));
      // Few positions: replacing the set is simpler than tracking which ones closed.
      clearPositions.run();
      for (const position of changes.positions)
        this.insertPosition.run(position.symbol, JSON.stringify(position));
      for (const order of changes.orders) {
        this.upsertOrder.run(
          order.order_id,
          Number(order.order_id.slice(3)),
          order.symbol,
          order.status,
          JSON.stringify(order),
        );
      }
      for (const point of changes.equity) {
        this.insertEquity.run(point.ts, point.equity, point.cash, point.realized_pnl, point.unrealized_pnl);
      }
    });
  }

  async load(): Promise<EngineState | null> {
    const account = this.db.prepare('SELECT body FROM paper_account WHERE id = 1').pluck().get() as
      string | undefined;
    if (account === undefined) return null;
    const positions = this.db.prepare('SELECT body FROM paper_positions').pluck().all() as string[];
    const open = this.db
      .prepare("SELECT body FROM paper_orders WHERE status = 'open' ORDER BY seq")
      .pluck()
      .all() as string[];
    return {
      account: JSON.parse(account) as PaperAccount,
      positions: positions.map((body) => JSON.parse(body) as PaperPosition),
      open_orders: open.map((body) => JSON.parse(body) as PaperOrder),
    };
  }

  async save(changes: StateChanges): Promise<void> {
    this.saveAll(changes);
  }

  async orders(query: OrderHistoryQuery): Promise<PaperOrder[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.status) {
      where.push('status = ?');
      params.push(query.status);
    }
    if (query.symbol) {
      where.push('symbol = ?');
      params.push(query.symbol);
    }
    params.push(query.limit);
    const rows = this.db
      .prepare(
        `SELECT body FROM paper_orders ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`,
      )
      .pluck()
      .all(...params) as string[];
    return rows.map((body) => JSON.parse(body) as PaperOrder);
  }

  async equity(sinceMs: number): Promise<EquityPoint[]> {
    return this.db
      .prepare(
        'SELECT ts, equity, cash, realized_pnl, unrealized_pnl FROM paper_equity WHERE ts >= ? ORDER BY ts',
      )
      .all(sinceMs) as EquityPoint[];
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
