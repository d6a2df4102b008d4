import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../app/testing/app.js';
import { EventLog } from '../events/log.js';
import { toNewEvent } from '../events/model.js';
import { SqliteEventStore } from '../events/sqlite/store.js';
import { redisTestUrl } from '../shared/testing/services.js';
import { runBusContract } from './bus.contract.js';
import { RedisStreamsBus } from './redis.js';

const url = await redisTestUrl();
const prefixes: string[] = [];
const prefix = () => {
  const value = `test:bus:${randomBytes(4).toString('hex')}:`;
  prefixes.push(value);
  return value;
};

async function eventually(done: () => boolean, what: string, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function tempStore() {
  const dir = mkdtempSync(join(tmpdir(), 'levibot-redisbus-'));
  return { store: new SqliteEventStore({ file: join(dir, 'events.db'), synchronous: 'normal' }), dir };
}

if (url) {
  runBusContract('redis', {
    create: () =>
      RedisStreamsBus.open({ url, prefix: prefix(), readAfter: async () => [], lastId: async () => 0 }),
  });

  describe('Redis Streams bus — several instances', () => {
    it('instance B delivers, in order and once, events committed through A and B', async () => {
      const { store, dir } = tempStore();
      const shared = prefix();
      const open = () =>
        RedisStreamsBus.open({
          url,
          prefix: shared,
          readAfter: (after, limit) => store.readAfter(after, {}, limit),
          lastId: () => store.lastId(),
        });
      const [busA, busB] = [await open(), await open()];
      const logA = new EventLog(store, busA);
      const logB = new EventLog(store, busB);
      const seenByB: number[] = [];
      busB.subscribe((events) => seenByB.push(...events.map((event) => event.id)));
      const written: number[] = [];
      await Promise.all(
        Array.from({ length: 20 }, async (_, i) => {
          const log = i % 2 ? logA : logB;
          const stored = await log.appendValid([
            toNewEvent({ event_type: 'CROSS', source: 't', payload: { i } }),
          ]);
          written.push(...stored.map((event) => event.id));
        }),
      );
      await eventually(() => seenByB.length === 20, 'B to see 20 events');
      expect(seenByB).toEqual([...written].sort((a, b) => a - b));
      await Promise.all([busA.close(), busB.close(), store.close()]);
      rmSync(dir, { recursive: true, force: true });
    });

    it('an event that never reaches the stream is still delivered, from the store', async () => {
      const { store, dir } = tempStore();
      const shared = prefix();
      const bus = await RedisStreamsBus.open({
        url,
        prefix: shared,
        readAfter: (after, limit) => store.readAfter(after, {}, limit),
        lastId: () => store.lastId(),
        safetyPollMs: 100,
      });
      const seen: number[] = [];
      bus.subscribe((events) => seen.push(...events.map((event) => event.id)));
      const [silent] = await store.append([toNewEvent({ event_type: 'NOT_PUBLISHED', source: 't' })]);
      await eventually(() => seen.length === 1, 'the safety poll to deliver it');
      expect(seen).toEqual([silent!.id]);
      await Promise.all([bus.close(), store.close()]);
      rmSync(dir, { recursive: true, force: true });
    });
  });

  describe('Redis Streams bus — Redis restart', () => {
    let server: ChildProcess | undefined;
    const startRedis = async (port: number) => {
      server = spawn(
        'redis-server',
        ['--port', String(port), '--save', '', '--appendonly', 'no', '--bind', '127.0.0.1'],
        { stdio: 'ignore' },
      );
      const probe = new Redis(`redis://127.0.0.1:${port}`, { lazyConnect: true, retryStrategy: () => 50 });
      probe.on('error', () => {});
      await eventually(
        () => probe.status === 'ready' || (void probe.connect().catch(() => {}), false),
        'redis to start',
      ).catch(() => {});
      await eventually(() => probe.status === 'ready', 'redis to start');
      probe.disconnect();
    };
    afterAll(() => server?.kill('SIGKILL'));

    it('after Redis restarts, instances catch up from the store with no gap and no duplicate', async () => {
      const port = await freePort();
      await startRedis(port);
      const privateUrl = `redis://127.0.0.1:${port}`;
      const { store, dir } = tempStore();
      const open = () =>
        RedisStreamsBus.open({
          url: privateUrl,
          readAfter: (after, limit) => store.readAfter(after, {}, limit),
          lastId: () => store.lastId(),
          safetyPollMs: 60_000,
        });
      const [busA, busB] = [await open(), await open()];
      const logA = new EventLog(store, busA);
      const seenByB: number[] = [];
      busB.subscribe((events) => seenByB.push(...events.map((event) => event.id)));
      const append = async (n: number) => {
        for (let i = 0; i < n; i++)
          await logA.appendValid([toNewEvent({ event_type: 'RESTART_TEST', source: 't', payload: { i } })]);
      };
      await append(5);
      await eventually(() => seenByB.length === 5, 'B before the restart');
      server!.kill('SIGKILL');
      await new Promise((resolve) => server!.once('exit', resolve));
      await append(5);
      await startRedis(port);
      await eventually(() => seenByB.length === 10, 'B to catch up after the restart', 15_000);
      await eventually(() => busA.connected && busB.connected, 'both buses to reconnect', 15_000);
      await append(5);
      await eventually(() => seenByB.length === 15, 'B live again');
      expect(seenByB).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
      await Promise.all([busA.close(), busB.close(), store.close()]);
      rmSync(dir, { recursive: true, force: true });
    }, 30_000);
  });

  afterAll(async () => {
    const redis = new Redis(url);
    for (const value of prefixes) {
      const keys = await redis.keys(`${value}*`);
      if (keys.length > 0) await redis.del(...keys);
    }
    redis.disconnect();
  });
}
