import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import WebSocket from 'ws';
import { afterAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../events/index.js';
import { dropTestSchema, postgresTestUrl, redisTestUrl, testSchemaName } from '../shared/testing/services.js';
import { type ServerProcess, spawnServer, tempDataDir } from './testing/app.js';

const databaseUrl = await postgresTestUrl();
const redisUrl = await redisTestUrl();

/** A /ws/events client that records the probe events it receives. */
function subscribe(baseUrl: string, sinceId: number) {
  const received: StoredEvent[] = [];
  const socket = new WebSocket(
    `${baseUrl.replace('http', 'ws')}/ws/events?event_type=MULTI_PROBE&since_id=${sinceId}`,
  );
  socket.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as StoredEvent & { type: string };
    if (frame.type === 'event') received.push(frame);
  });
  const opened = new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { socket, received, opened };
}

async function post(baseUrl: string, n: number): Promise<number> {
  const response = await fetch(`${baseUrl}/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ event_type: 'MULTI_PROBE', source: 'test', payload: { n } }),
  });
  const { ids } = (await response.json()) as { ids: number[] };
  return ids[0]!;
}

async function eventually(done: () => boolean, what: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.skipIf(!databaseUrl || !redisUrl)('several instances on PostgreSQL and Redis', () => {
  const schema = testSchemaName('multi');
  const prefix = `test:multi:${randomBytes(4).toString('hex')}:`;
  const servers: ServerProcess[] = [];
  const dirs: string[] = [];
  const start = async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const server = await spawnServer({
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl!,
      DATABASE_SCHEMA: schema,
      REDIS_URL: redisUrl!,
      REDIS_PREFIX: prefix,
      FEED: 'synthetic',
    });
    servers.push(server);
    return server;
  };

  afterAll(async () => {
    for (const server of servers) server.child.kill('SIGKILL');
    await Promise.all(servers.map((server) => server.exited));
    dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
    await dropTestSchema(databaseUrl!, schema);
  });

  it('a client on B gets A’s events in order, moves to A mid-stream without a miss, and B survives A’s SIGKILL', async () => {
    const a = await start();
    const b = await start();
    const status = (await (await fetch(`${b.url}/status`)).json()) as {
      store: { kind: string };
      bus: { kind: string };
    };
    expect(status).toMatchObject({ store: { kind: 'postgres' }, bus: { kind: 'redis' } });

    const acknowledged: number[] = [];
    const onB = subscribe(b.url, 0);
    await onB.opened;
    for (let n = 0; n < 60; n++) acknowledged.push(await post(a.url, n));
    await eventually(() => onB.received.length === 60, 'B to relay the first 60 events');
    expect(onB.received.map((event) => event.id)).toEqual(acknowledged);

    // Move the client to A mid-stream: appends continue on both instances while it reconnects.
    const writing = (async () => {
      for (let n = 60; n < 160; n++) acknowledged.push(await post(n % 2 ? a.url : b.url, n));
    })();
    await eventually(() => onB.received.length >= 80, 'more events on B');
    onB.socket.close();
    const lastSeen = onB.received.at(-1)!.id;
    const onA = subscribe(a.url, lastSeen);
    await onA.opened;
    await writing;
    await eventually(
      () => onB.received.filter((e) => e.id <= lastSeen).length + onA.received.length === 160,
      'A to deliver the rest',
    );
    const combined = [...onB.received.filter((e) => e.id <= lastSeen), ...onA.received].map(
      (event) => event.id,
    );
    expect(combined).toEqual([...acknowledged].sort((x, y) => x - y));

    // A dies without a goodbye; B keeps serving reads, writes and live streams.
    a.child.kill('SIGKILL');
    await a.exited;
    const again = subscribe(b.url, combined.at(-1)!);
    await again.opened;
    const late = await post(b.url, 999);
    await eventually(() => again.received.length === 1, 'B to stream after A died');
    expect(again.received[0]!.id).toBe(late);
    const page = (await (
      await fetch(`${b.url}/events?event_type=MULTI_PROBE&limit=1000&order=asc`)
    ).json()) as { events: StoredEvent[] };
    expect(page.events).toHaveLength(161);
    for (const client of [onA, again]) client.socket.close();
  }, 90_000);
});
