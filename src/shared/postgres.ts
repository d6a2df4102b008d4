/** Connecting to and migrating PostgreSQL, shared by every PostgreSQL adapter. */
import pg from 'pg';
import { UnavailableError } from './errors.js';

export type PgPool = pg.Pool;
export type PgClient = pg.PoolClient;

/** int8 (bigint) as a JS number: ids and epoch-ms times stay far below 2^53. */
const INT8_OID = 20;
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID && format !== 'binary') return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
};

/** Runs `work` in one transaction on a pooled connection: committed when it resolves, rolled back when it throws. */
export async function inTransaction<T>(pool: PgPool, work: (client: PgClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

export interface PgOptions {
  url: string;
  /** Schema holding LeviBot's tables; created when missing. @default 'public' */
  schema?: string;
  /** @default 10 */
  maxConnections?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function quoteSchema(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`invalid schema name "${schema}"`);
  return `"${schema}"`;
}

export function createPgPool(options: PgOptions): PgPool {
  const schema = options.schema ?? 'public';
  quoteSchema(schema);
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 10,
    types,
    options: `-c search_path=${schema}`,
    connectionTimeoutMillis: 5000,
  });
  // An idle client's error (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  return pool;
}

/**
 * Apply versioned migrations for `component` inside `schema`, under an advisory lock so that
 * several instances starting together migrate once.
 */
export async function migratePostgres(
  pool: PgPool,
  schema: string,
  component: string,
  migrations: readonly string[],
): Promise<void> {
  let client: PgClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw new UnavailableError(`PostgreSQL unreachable: ${(error as Error).message}`, { cause: error });
  }
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`levibot-migrate-${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteSchema(schema)}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${quoteSchema(schema)}.schema_migrations (component text PRIMARY KEY, version integer NOT NULL)`,
    );
    const { rows } = await client.query<{ version: number }>(
      `SELECT version FROM ${quoteSchema(schema)}.schema_migrations WHERE component = $1`,
      [component],
    );
    for (let version = rows[0]?.version ?? 0; version < migrations.length; version++) {
      await client.query('BEGIN');
      try {
        await client.query(migrations[version]!);
        await client.query(
          `INSERT INTO ${quoteSchema(schema)}.schema_migrations (component, version) VALUES ($1, $2)
           ON CONFLICT (component) DO UPDATE SET version = excluded.version`,
          [component, version + 1],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
  } finally {
    await client
      .query('SELECT pg_advisory_unlock(hashtext($1))', [`levibot-migrate-${schema}`])
      .catch(() => {});
    client.release();
  }
}
