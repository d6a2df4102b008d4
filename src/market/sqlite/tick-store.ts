/** SQLite adapter of the TickStore port (synchronous underneath; the port is async for PostgreSQL). */
import type { Statement } from 'better-sqlite3';
import { type SqliteDatabase, migrateSqlite, openSqlite } from '../../shared/sqlite.js';
import { type Bar, CANDLE_INTERVAL_NAMES } from '../candles.js';
import { type BarRow, rowToBar, rowToTick, type TickRow, tickValues } from '../codec.js';
import type { CandleQuery, TickStore } from '../store.js';
import type { Tick } from '../tick.js';

const MIGRATIONS = [
  `CREATE TABLE ticks (
     symbol TEXT NOT NULL, ts INTEGER NOT NULL, bid REAL, ask REAL, bid_qty REAL, ask_qty REAL,
     last REAL, qty REAL NOT NULL, side INTEGER);
   CREATE INDEX ticks_symbol_ts ON ticks (symbol, ts);
   CREATE TABLE candles (
     symbol TEXT NOT NULL, interval TEXT NOT NULL, t INTEGER NOT NULL,
     o REAL NOT NULL, h REAL NOT NULL, l REAL NOT NULL, c REAL NOT NULL,
     volume_units INTEGER NOT NULL, n INTEGER NOT NULL,
     PRIMARY KEY (symbol, interval, t)) WITHOUT ROWID;`,
];

export class SqliteTickStore implements TickStore {
  readonly kind = 'sqlite';
  private readonly db: SqliteDatabase;
  private readonly insertTick: Statement;
  private readonly upsertBar: Statement;
  private readonly writeBatch: (ticks: readonly Tick[], bars: readonly Bar[]) => void;

  constructor(options: { file: string }) {
    // Ticks are re-delivered by the feed after a crash; the OS-crash durability of FULL is not needed.
    this.db = openSqlite(options.file, { synchronous: 'normal' });
    migrateSqlite(this.db, 'market', MIGRATIONS);
    this.insertTick = this.db.prepare(
      'INSERT INTO ticks (symbol, ts, bid, ask, bid_qty, ask_qty, last, qty, side) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.upsertBar = this.db.prepare(
      `INSERT INTO candles (symbol, interval, t, o, h, l, c, volume_units, n) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (symbol, interval, t) DO UPDATE SET o = excluded.o, h = excluded.h, l = excluded.l,
         c = excluded.c, volume_units = excluded.volume_units, n = excluded.n`,
    );
    this.writeBatch = this.db.transaction((ticks: readonly Tick[], bars: readonly Bar[]) => {
      for (const tick of ticks) this.insertTick.run(...tickValues(tick));
      for (const bar of bars) {
        this.upsertBar.run(
          bar.symbol,
          bar.interval,
          bar.t,
          bar.o,
          bar.h,
          bar.l,
          bar.c,
          bar.volumeUnits,
          bar.n,
        );
      }
    });
  }

  async write(ticks: readonly Tick[], bars: readonly Bar[]): Promise<void> {
    if (ticks.length === 0 && bars.length === 0) return;
    this.writeBatch(ticks, bars);
  }

  async candles(query: CandleQuery): Promise<Bar[]> {
    const rows = this.db
      .prepare(
        `SELECT * FROM (
           SELECT * FROM candles WHERE symbol = ? AND interval = ? AND t >= ? AND t < ? ORDER BY t DESC LIMIT ?
         ) ORDER BY t ASC`,
      )
      .all(
        query.symbol,
        query.interval,
        query.sinceMs ?? Number.MIN_SAFE_INTEGER,
        query.untilMs ?? Number.MAX_SAFE_INTEGER,
        query.limit,
      ) as BarRow[];
    return rows.map(rowToBar);
  }

  async lastTick(symbol: string): Promise<Tick | undefined> {
    const row = this.db
      .prepare('SELECT * FROM ticks WHERE symbol = ? ORDER BY ts DESC, rowid DESC LIMIT 1')
      .get(symbol) as TickRow | undefined;
    if (!row) return undefined;
    return rowToTick(row);
  }

  async recentBars(perSeries: number): Promise<Bar[]> {
    const symbols = this.db.prepare('SELECT DISTINCT symbol FROM candles').pluck().all() as string[];
    const select = this.db.prepare(
      'SELECT * FROM (SELECT * FROM candles WHERE symbol = ? AND interval = ? ORDER BY t DESC LIMIT ?) ORDER BY t ASC',
    );
    const bars: Bar[] = [];
    for (const symbol of symbols) {
      for (const interval of CANDLE_INTERVAL_NAMES) {
        for (const row of select.all(symbol, interval, perSeries) as BarRow[]) bars.push(rowToBar(row));
      }
    }
    return bars;
  }

  async deleteBefore(symbols: readonly string[], tickMs: number, candleMs: number): Promise<number> {
    // Per symbol, so that the (symbol, ts) index serves the delete instead of a full scan.
    const deleteTicks = this.db.prepare('DELETE FROM ticks WHERE symbol = ? AND ts < ?');
    let ticks = 0;
    for (const symbol of symbols) ticks += deleteTicks.run(symbol, tickMs).changes;
    const candles = this.db.prepare('DELETE FROM candles WHERE t < ?').run(candleMs).changes;
    return ticks + candles;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
