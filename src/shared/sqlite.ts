/** Opening and migrating the embedded SQLite databases that every store adapter shares. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type SqliteDatabase = Database.Database;

export interface SqliteOpenOptions {
  /**
   * `full` fsyncs every commit (survives power loss); `normal` survives a process crash
   * (SIGKILL) but may lose the last commits on power loss.
   * @default 'full'
   */
  synchronous?: 'full' | 'normal';
}

/** Open (creating folders as needed) a WAL-mode database. `:memory:` is accepted for tests. */
export function openSqlite(file: string, options: SqliteOpenOptions = {}): SqliteDatabase {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
  db.pragma('busy_timeout = 5000');
  db.pragma('temp_store = MEMORY');
  db.pragma('cache_size = -65536');
  return db;
}

/**
 * Apply `migrations[version..]` for `component`, each in its own transaction, recording progress
 * in `schema_migrations`, so that several components can share one file.
 */
export function migrateSqlite(db: SqliteDatabase, component: string, migrations: readonly string[]): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (component TEXT PRIMARY KEY, version INTEGER NOT NULL)',
  );
  const row = db.prepare('SELECT version FROM schema_migrations WHERE component = ?').get(component) as
    { version: number } | undefined;
  const applied = row?.version ?? 0;
  for (let version = applied; version < migrations.length; version++) {
    db.transaction(() => {
      db.exec(migrations[version]!);
      db.prepare(
        'INSERT INTO schema_migrations (component, version) VALUES (?, ?) ON CONFLICT (component) DO UPDATE SET version = excluded.version',
      ).run(component, version + 1);
    })();
  }
}
