import { type EventMessage, LeviBotClient } from '@levibot/client';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { StoredEvent } from '../events/index.js';
import { startServer, type TestServer, until } from './testing/harness.js';

describe('client library against LeviBot', () => {
  const cleanup: (() => unknown)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  const orders = (server: TestServer, count: number, tag: string) =>
    server.levibot.log.emit(
      ...Array.from({ length: count }, (_, n) => ({
        event_type: n % 2 === 0 ? 'ORDER_NEW' : 'ORDER_FILLED',
        symbol: n % 3 === 0 ? 'ETH/USDT' : 'BTC/USDT',
        source: 'test',
        payload: { tag, n },
      })),
    );
  const btcIds = (events: StoredEvent[]) => events.filter((e) => e.symbol === 'BTC/USDT').map((e) => e.id);

  it('client library - reconnects after a server restart and misses nothing', async () => {
    let server = await startServer();
    const { dataDir, port } = server;
    cleanup.push(() => server.close());
    const client = new LeviBotClient({ url: server.url, WebSocket, reconnect: { minMs: 400, maxMs: 400 } });
    cleanup.push(() => client.close());
    const received: number[] = [];
    const lifecycle: string[] = [];
    client.on('connected', ({ reconnected }) => lifecycle.push(reconnected ? 'reconnected' : 'connected'));
    client.on('disconnected', ({ code }) => lifecycle.push(`disconnected ${code}`));
    client.subscribe('orders', { symbol: 'BTCUSDT' }, (message: EventMessage) => received.push(message.id));
    await client.connect();
    await until(() => server.levibot.gateway.status().subscriptions.orders === 1, 'the subscription');

    const beforeRestart = await orders(server, 6, 'before');
    await until(() => received.length === btcIds(beforeRestart).length, 'events before the restart');
    await server.levibot.close();

    // The same data folder and port; events land while the client is still waiting to reconnect.
    server = await startServer({}, {}, { dataDir, port });
    const whileAway = await orders(server, 6, 'away');
    await until(() => lifecycle.includes('reconnected'), 'the reconnection', 5000);
    const afterRestart = await orders(server, 6, 'after');
    const expected = btcIds([...beforeRestart, ...whileAway, ...afterRestart]);
    await until(() => received.length >= expected.length, 'every event');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received).toEqual(expected);
    // Attempts made while the server was still starting fail (1006) and are retried.
    expect(lifecycle.slice(0, 2)).toEqual(['connected', 'disconnected 1001']);
    expect(lifecycle[lifecycle.length - 1]).toBe('reconnected');
    expect(new Set(lifecycle.slice(2, -1))).toEqual(
      new Set(lifecycle.length > 3 ? ['disconnected 1006'] : []),
    );
  });

  it('client library - resumes by itself after an overflow gap and misses nothing', async () => {
    const server = await startServer({ WS_QUEUE_BYTES: '65536' });
    cleanup.push(() => server.close());
    const sockets: WebSocket[] = [];
    class CapturedSocket extends WebSocket {
      constructor(url: string) {
        super(url);
        sockets.push(this);
      }
    }
    const client = new LeviBotClient({ url: server.url, WebSocket: CapturedSocket });
    cleanup.push(() => client.close());
    const received: number[] = [];
    const gaps: number[] = [];
    client.on('gap', ({ lastId }) => gaps.push(lastId));
    client.subscribe('signals', undefined, (message) => received.push(message.id));
    await client.connect();
    await until(() => server.levibot.gateway.status().subscriptions.signals === 1, 'the subscription');

    sockets[0]!.pause();
    const emitted: StoredEvent[] = [];
    const pad = 'x'.repeat(4000);
    while (server.levibot.gateway.status().dropped.ws === 0 && emitted.length < 50_000) {
      emitted.push(
        ...(await server.levibot.log.emit(
          ...Array.from({ length: 10 }, (_, n) => ({
            event_type: 'DS_APPEND',
            source: 'test',
            payload: { n, pad },
          })),
        )),
      );
      await new Promise((resolve) => setImmediate(resolve));
    }
    sockets[0]!.resume();
    const all = emitted.map((e) => e.id);
    await until(() => received.length >= all.length, 'every event', 20_000);
    expect(gaps.length).toBeGreaterThanOrEqual(1);
    expect(received).toEqual(all);
  });
});
