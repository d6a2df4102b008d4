import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, spawnServer, tempDataDir, type ServerProcess } from '../app/testing/app.js';

const dirs: string[] = [];
const servers: ServerProcess[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('levibot serve with the default live feed', () => {
  it('serve - an unreachable exchange never delays start-up; /status shows the replay fall-back within seconds', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    // A port nobody listens on: the exchange is unreachable, as on a machine without internet.
    const closedPort = await freePort();
    const startedAt = Date.now();
    const server = await spawnServer({
      DATA_DIR: dataDir,
      EXCHANGE_REST_URL: `http://127.0.0.1:${closedPort}`,
    });
    servers.push(server);
    let feed: { kind: string; requested: string; replay: boolean; ticks: number } | undefined;
    while (Date.now() - startedAt < 15_000) {
      feed = ((await (await fetch(`${server.url}/status`)).json()) as { feed: typeof feed }).feed;
      if (feed?.replay && feed.ticks > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(feed).toMatchObject({ kind: 'replay', requested: 'live', replay: true });
    expect(server.output()).toContain('FALLING BACK TO REPLAY');
    const events = (await (await fetch(`${server.url}/events?event_type=FEED_STATUS&order=asc`)).json()) as {
      events: { payload: Record<string, unknown> }[];
    };
    expect(events.events[0]!.payload).toMatchObject({ status: 'fallback', requested: 'live', replay: true });
    const last = await fetch(`${server.url}/market/last?symbol=BTCUSDT`);
    expect(last.status).toBe(200);
  });
});
