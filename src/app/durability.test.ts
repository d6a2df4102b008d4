import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CATALOGUE_EVENT_TYPES, type StoredEvent } from '../events/index.js';
import { spawnServer, tempDataDir } from './testing/app.js';

const BIN = fileURLToPath(new URL('../../bin/levibot.js', import.meta.url));
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

async function readAll(url: string): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  let after = 0;
  for (;;) {
    const response = await fetch(
      `${url}/events?order=asc&limit=1000&since_iso=2000-01-01T00:00:00Z&after_id=${after}`,
    );
    const page = (await response.json()) as { events: StoredEvent[]; next_cursor: number | null };
    events.push(...page.events);
    if (page.next_cursor === null) return events;
    after = page.next_cursor;
  }
}

describe('durability', () => {
  it('every acknowledged append survives SIGKILL, and ids keep increasing after restart', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const server = await spawnServer({ DATA_DIR: dataDir });
    const acknowledged = new Map<number, string>();
    let sent = 0;
    let stop = false;

    async function writer(worker: number) {
      while (!stop) {
        const batch = sent++ % 4 === 0;
        const markers = batch
          ? [0, 1, 2, 3, 4].map((n) => `w${worker}-${sent}-${n}`)
          : [`w${worker}-${sent}`];
        const body = markers.map((marker) => ({ event_type: 'DURABILITY_PROBE', payload: { marker } }));
        try {
          const response = await fetch(`${server.url}/events`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(batch ? body : body[0]),
          });
          if (response.status !== 201) continue;
          const { ids } = (await response.json()) as { ids: number[] };
          ids.forEach((id, index) => acknowledged.set(id, markers[index]!));
        } catch {
          return; // the server is gone
        }
      }
    }

    const writers = Array.from({ length: 16 }, (_, worker) => writer(worker));
    while (acknowledged.size < 1500) await new Promise((resolve) => setTimeout(resolve, 20));
    server.child.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);
    await server.exited;

    const restarted = await spawnServer({ DATA_DIR: dataDir });
    try {
      const stored = await readAll(restarted.url);
      const byId = new Map(stored.map((event) => [event.id, event]));
      for (const [id, marker] of acknowledged) {
        expect(byId.get(id)?.payload, `acknowledged event ${id}`).toEqual({ marker });
      }
      const ids = stored.map((event) => event.id);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      const response = await fetch(`${restarted.url}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ event_type: 'AFTER_RESTART' }),
      });
      const {
        ids: [next],
      } = (await response.json()) as { ids: number[] };
      expect(next).toBeGreaterThan(Math.max(...ids));
    } finally {
      restarted.child.kill('SIGTERM');
      await restarted.exited;
    }
  }, 60_000);
});

describe('start-up', () => {
  it.each([
    ['PORT', 'not-a-port'],
    ['EVENT_RETENTION_DAYS', '0'],
    ['STORE_SYNC', 'sometimes'],
    ['DATABASE_URL', 'mysql://x'],
  ])('a bad %s stops start-up with a message naming it', (name, value) => {
    const result = spawnSync(process.execPath, [BIN, 'serve'], {
      env: { ...process.env, DATA_DIR: tempDataDir(), [name]: value },
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(result.status).toBe(78);
    expect(result.stderr).toContain(`configuration error: ${name}:`);
  });

  it('a secret in a bad value is not echoed', () => {
    const result = spawnSync(process.execPath, [BIN, 'serve'], {
      env: { ...process.env, DATA_DIR: tempDataDir(), REDIS_URL: 'http://user:hunter2@host' },
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(result.stderr).toContain('REDIS_URL');
    expect(result.stderr).not.toContain('hunter2');
  });
});

describe('levibot seed-demo', () => {
  it('fills the store with every catalogue type and complete signal-to-close traces', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const result = spawnSync(process.execPath, [BIN, 'seed-demo'], {
      env: { ...process.env, DATA_DIR: dataDir },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ days: 1 });
    const server = await spawnServer({ DATA_DIR: dataDir });
    try {
      const events = await readAll(server.url);
      expect(new Set(events.map((event) => event.event_type))).toEqual(new Set(CATALOGUE_EVENT_TYPES));
      expect(new Set(events.filter((e) => e.symbol).map((e) => e.symbol)).size).toBeGreaterThanOrEqual(3);
      const closed = events.filter((event) => event.event_type === 'POSITION_CLOSED');
      expect(closed.length).toBeGreaterThan(5);
      for (const close of closed.slice(0, 5)) {
        const story = (await (await fetch(`${server.url}/traces/${close.trace_id}`)).json()) as {
          events: StoredEvent[];
        };
        const types = story.events.map((event) => event.event_type);
        for (const step of [
          'SIGNAL_INGEST',
          'SIGNAL_SCORED',
          'AUTO_ROUTE_EXECUTED',
          'ORDER_NEW',
          'ORDER_FILLED',
          'RISK_SLTP',
          'POSITION_CLOSED',
        ]) {
          expect(types).toContain(step);
        }
        const filled = story.events.find((event) => event.event_type === 'ORDER_FILLED')!.payload as {
          price: number;
          qty: number;
        };
        const position = close.payload as { entry_price: number; qty: number };
        expect(position.entry_price).toBe(filled.price);
        expect(position.qty).toBe(filled.qty);
      }
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }, 60_000);
});
