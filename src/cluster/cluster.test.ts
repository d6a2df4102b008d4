import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { NotFoundError, UnavailableError, ValidationError } from '../shared/errors.js';
import { createPgPool, type PgPool } from '../shared/postgres.js';
import { PgListener } from '../shared/postgres-listener.js';
import { dropTestSchema, postgresTestUrl, testSchemaName } from '../shared/testing/services.js';
import { PgCommandQueue } from './commands.js';
import { LeaderElection, lockConnectionName, migrateCluster } from './index.js';

const url = await postgresTestUrl();
const quiet = { info: () => {}, warn: () => {}, error: () => {} };

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<number> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return Date.now() - started;
}

if (url) {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function schemaWithPool(prefix: string): Promise<{ schema: string; pool: PgPool }> {
    const schema = testSchemaName(prefix);
    const pool = createPgPool({ url: url!, schema });
    cleanups.push(() => dropTestSchema(url!, schema));
    cleanups.push(() => pool.end());
    await migrateCluster(pool, schema);
    return { schema, pool };
  }

  describe('leader election', () => {
    function candidate(schema: string, pool: PgPool, instance: string) {
      const duties = { leading: false, followed: 0 };
      const election = new LeaderElection({
        url: url!,
        schema,
        pool,
        instance,
        retryMs: 100,
        logger: quiet,
        onLead: async () => {
          duties.leading = true;
        },
        onFollow: async () => {
          duties.leading = false;
          duties.followed++;
        },
      });
      cleanups.push(() => election.stop());
      return { election, duties };
    }

    it('leadership - exactly one of two instances leads; the other takes over within a few retries when it stops', async () => {
      const { schema, pool } = await schemaWithPool('lead');
      const a = candidate(schema, pool, 'a');
      const b = candidate(schema, pool, 'b');
      a.election.start('http://a');
      await until(() => a.election.role === 'leader', 'a to lead');
      b.election.start('http://b');
      await until(() => b.election.role === 'follower', 'b to follow');
      expect(b.duties).toEqual({ leading: false, followed: 1 });
      await until(() => b.election.status().leader?.instance === 'a', 'b to learn the leader');
      expect(b.election.status().leader).toMatchObject({ instance: 'a', url: 'http://a', term: 1 });

      await a.election.stop();
      const took = await until(() => b.election.role === 'leader', 'b to take over');
      expect(took).toBeLessThan(2000);
      expect(b.duties.leading).toBe(true);
      expect(b.election.status().leader).toMatchObject({ instance: 'b', url: 'http://b', term: 2 });
    });

    it('leadership - a leader whose lock connection is cut steps down, and the follower takes over', async () => {
      const { schema, pool } = await schemaWithPool('cut');
      const a = candidate(schema, pool, 'cut-a');
      const b = candidate(schema, pool, 'cut-b');
      a.election.start();
      await until(() => a.election.role === 'leader', 'a to lead');
      b.election.start();
      await until(() => b.election.role === 'follower', 'b to follow');
      // As if the server restarted or a proxy dropped the connection: the lock is released.
      await pool.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [
        lockConnectionName('cut-a'),
      ]);
      await until(() => a.duties.followed === 1 && !a.duties.leading, 'a to step down');
      await until(() => b.election.role === 'leader', 'b to take over');
      // a comes back as a follower: it does not take the lead back while b holds it.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(a.election.role).toBe('follower');
      expect(b.election.role).toBe('leader');
    });
  });

  describe('command queue', () => {
    async function queues(timeoutMs = 2000) {
      const { schema, pool } = await schemaWithPool('commands');
      const listeners = [new PgListener({ url: url! }), new PgListener({ url: url! })];
      for (const listener of listeners) {
        await listener.start();
        cleanups.push(() => listener.close());
      }
      const [leader, follower] = listeners.map(
        (listener, index) =>
          new PgCommandQueue({ pool, schema, listener, instance: `i${index}`, timeoutMs, pollMs: 50 }),
      );
      return { leader: leader!, follower: follower!, pool, schema };
    }

    it('commands - the leader executes each submitted command once and each sender gets its own result', async () => {
      const { leader, follower } = await queues();
      const executed: unknown[] = [];
      const stop = leader.consume(async (kind, body) => {
        executed.push(body);
        return { kind, echoed: body };
      });
      cleanups.push(stop);
      const results = await Promise.all([1, 2, 3, 4, 5].map((n) => follower.submit('place_order', { n })));
      expect(results).toEqual([1, 2, 3, 4, 5].map((n) => ({ kind: 'place_order', echoed: { n } })));
      expect(executed).toHaveLength(5);
      expect(new Set(executed.map((body) => (body as { n: number }).n)).size).toBe(5);
      // One sender's commands, one after the other, run in that order.
      executed.length = 0;
      for (const n of [6, 7, 8]) await follower.submit('place_order', { n });
      expect(executed).toEqual([{ n: 6 }, { n: 7 }, { n: 8 }]);
    });

    it('commands - the leader`s typed errors reach the follower with their type and field', async () => {
      const { leader, follower } = await queues();
      cleanups.push(
        leader.consume(async (kind) => {
          if (kind === 'bad') throw ValidationError.forField('sl', 'must be below the entry price 61001');
          throw new NotFoundError('no open position on ETH/USDT');
        }),
      );
      const bad = await follower.submit('bad', {}).catch((error: unknown) => error);
      expect(bad).toBeInstanceOf(ValidationError);
      expect(bad).toMatchObject({ field: 'sl', message: 'sl: must be below the entry price 61001' });
      await expect(follower.submit('close_position', {})).rejects.toBeInstanceOf(NotFoundError);
    });

    it('commands - without a leader the sender gets 503 after the timeout, and the command is never executed later', async () => {
      const { leader, follower, pool, schema } = await queues(300);
      const started = Date.now();
      const error = await follower.submit('place_order', { late: true }).catch((failure: unknown) => failure);
      expect(error).toBeInstanceOf(UnavailableError);
      expect((error as Error).message).toContain('withdrawn');
      expect(Date.now() - started).toBeGreaterThanOrEqual(300);
      const executed: unknown[] = [];
      cleanups.push(leader.consume(async (_kind, body) => executed.push(body)));
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(executed).toEqual([]);
      const { rows } = await pool.query(`SELECT state FROM "${schema}".cluster_commands`);
      expect(rows).toEqual([{ state: 'expired' }]);
    });

    it('commands - a command taken by a leader that dies is not executed again by the next one', async () => {
      const { leader, follower, pool, schema } = await queues(300);
      let taken!: () => void;
      const takenOnce = new Promise<void>((resolve) => (taken = resolve));
      // The first leader takes the command and never finishes (it "dies").
      const stopFirst = leader.consume(() => {
        taken();
        return new Promise(() => {});
      });
      const outcome = follower.submit('place_order', { once: true }).catch((error: unknown) => error);
      await takenOnce;
      cleanups.push(() => void stopFirst());
      const executed: unknown[] = [];
      cleanups.push(follower.consume(async (_kind, body) => executed.push(body)));
      const error = await outcome;
      expect(error).toBeInstanceOf(UnavailableError);
      expect((error as Error).message).toContain('outcome will show');
      expect(executed).toEqual([]);
      const { rows } = await pool.query(`SELECT state, executed_by FROM "${schema}".cluster_commands`);
      expect(rows).toEqual([{ state: 'running', executed_by: 'i0' }]);
    });
  });

  describe('listener', () => {
    it('listener - notifications resume after the connection is cut, and consumers are told to catch up', async () => {
      const { schema, pool } = await schemaWithPool('listen');
      const listener = new PgListener({ url: url!, applicationName: `levibot-listen-${schema}` });
      await listener.start();
      cleanups.push(() => listener.close());
      const channel = `levibot_test_${schema}`;
      const heard: string[] = [];
      let reconnects = 0;
      listener.listen(channel, (payload) => heard.push(payload));
      listener.onReconnect(() => reconnects++);
      await listener.ready();
      await pool.query('SELECT pg_notify($1, $2)', [channel, 'one']);
      await until(() => heard.length === 1, 'the first notification');
      const admin = new pg.Client({ connectionString: url! });
      await admin.connect();
      cleanups.push(() => admin.end());
      await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
        [`levibot-listen-${schema}`],
      );
      await until(() => reconnects === 1, 'the reconnection');
      await listener.ready();
      await pool.query('SELECT pg_notify($1, $2)', [channel, 'two']);
      await until(() => heard.length === 2, 'the notification after reconnecting');
      expect(heard).toEqual(['one', 'two']);
    });
  });
}
