/**
 * Reaching the real PostgreSQL and Redis used by contract tests. Under CI (`CI=true`) a missing
 * service fails the run; locally the suite is skipped with a loud message.
 */
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import pg from 'pg';
import { describe, it } from 'vitest';

export const POSTGRES_TEST_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_TEST_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function reachable(url: string, defaultPort: number): Promise<boolean> {
  const target = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: target.hostname, port: Number(target.port || defaultPort) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function serviceUrl(name: string, url: string, defaultPort: number): Promise<string | undefined> {
  if (await reachable(url, defaultPort)) return url;
  const message = `${name} is not reachable at ${url}`;
  if (process.env.CI === 'true') {
    describe(name, () =>
      it(`is required in CI: ${message}`, () => {
        throw new Error(message);
      }),
    );
  } else {
    console.warn(`\n*** SKIPPING ${name} contract tests: ${message} ***\n`);
    describe.skip(`${name} (unreachable)`, () => it('skipped', () => {}));
  }
  return undefined;
}

export function postgresTestUrl(): Promise<string | undefined> {
  return serviceUrl('PostgreSQL', POSTGRES_TEST_URL, 5432);
}

export function redisTestUrl(): Promise<string | undefined> {
  return serviceUrl('Redis', REDIS_TEST_URL, 6379);
}

/** A fresh schema name per test so runs never see each other's data. */
export function testSchemaName(prefix: string): string {
  return `t_${prefix}_${randomBytes(5).toString('hex')}`;
}

export async function dropTestSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
