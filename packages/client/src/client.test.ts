import { type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import { fullJitterDelay } from './backoff.js';
import { type ClientEvents, LeviBotClient } from './client.js';
import type { EventMessage, LiveMessage, Tick } from './protocol.js';

/** A scripted /ws server: records what clients send and lets the test answer. */
class FakeServer {
  readonly wss: WebSocketServer;
  readonly sockets: ServerSocket[] = [];
  readonly received: Record<string, unknown>[][] = [];
  /** Answer `connected` and `subscribed` like LeviBot does. */
  autoAnswer = true;
  lastId = 100;

  constructor() {
    this.wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    this.wss.on('connection', (socket, request) => {
      const index = this.sockets.push(socket) - 1;
      this.received[index] = [];
      socket.on('message', (data) => {
        const frame = JSON.parse(String(data)) as Record<string, unknown>;
        this.received[index]!.push({ ...frame, url: request.url });
        if (this.autoAnswer && frame.type === 'subscribe') {
          for (const channel of frame.channels as string[]) {
            socket.send(
              JSON.stringify({
                type: 'subscribed',
                channel,
                filters: frame.filters ?? {},
                last_id: this.lastId,
              }),
            );
          }
        }
        if (this.autoAnswer && frame.type === 'ping')
          socket.send(JSON.stringify({ type: 'pong', server_time: '' }));
      });
      if (this.autoAnswer)
        socket.send(JSON.stringify({ type: 'connected', client_id: `c${index}`, server_time: '' }));
    });
  }

  listening(): Promise<void> {
    return new Promise((resolve) =>
      this.wss.address() ? resolve() : this.wss.once('listening', () => resolve()),
    );
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}`;
  }

  latest(): ServerSocket {
    return this.sockets[this.sockets.length - 1]!;
  }

  framesOf(connection: number): Record<string, unknown>[] {
    return this.received[connection] ?? [];
  }

  event(channel: string, id: number): string {
    return JSON.stringify({
      channel,
      id,
      timestamp: '2024-08-09T00:00:00.000Z',
      event_type: 'ORDER_NEW',
      data: {
        id,
        ts: '2024-08-09T00:00:00.000Z',
        event_type: 'ORDER_NEW',
        severity: 'info',
        source: 't',
        payload: {},
      },
    });
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }
}

async function until(done: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const fastReconnect = { minMs: 10, maxMs: 40 };

describe('client library', () => {
  const cleanup: (() => unknown)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });
  const serve = async () => {
    const server = new FakeServer();
    cleanup.push(() => server.close());
    await server.listening();
    return server;
  };
  const client = (url: string, extra: Partial<ConstructorParameters<typeof LeviBotClient>[0]> = {}) => {
    const created = new LeviBotClient({ url, WebSocket, reconnect: fastReconnect, ...extra });
    cleanup.push(() => created.close());
    return created;
  };

  it('client library - backoff grows exponentially from 0.5 s, is capped at 20 s, and is fully jittered', () => {
    const caps = [0, 1, 2, 3, 4, 5, 6, 7, 10].map((attempt) => fullJitterDelay(attempt, { random: () => 1 }));
    expect(caps).toEqual([500, 1000, 2000, 4000, 8000, 16000, 20000, 20000, 20000]);
    expect(fullJitterDelay(6, { random: () => 0.25 })).toBe(5000);
    expect(fullJitterDelay(3, { random: () => 0 })).toBe(500);
  });

  it('client library - subscribes with filters and hands typed messages to the handler', async () => {
    const server = await serve();
    const c = client(server.url, { apiKey: 'k1' });
    const orders: EventMessage[] = [];
    const ticks: LiveMessage<Tick>[] = [];
    c.subscribe('orders', { symbol: 'BTC/USDT', severity: 'warning' }, (message) => orders.push(message));
    c.subscribe('ticks:BTC/USDT', undefined, (message) => ticks.push(message));
    await c.connect();
    await until(() => server.framesOf(0).length === 2, 'two subscribe frames');
    expect(server.framesOf(0)).toEqual([
      {
        type: 'subscribe',
        channels: ['orders'],
        filters: { symbol: 'BTC/USDT', severity: 'warning' },
        url: '/ws?api_key=k1',
      },
      { type: 'subscribe', channels: ['ticks:BTC/USDT'], url: '/ws?api_key=k1' },
    ]);
    server.latest().send(server.event('orders', 101));
    server.latest().send(
      JSON.stringify({
        channel: 'ticks:BTC/USDT',
        id: null,
        timestamp: '',
        event_type: 'TICK',
        data: { symbol: 'BTC/USDT', last: 1 },
      }),
    );
    await until(() => orders.length === 1 && ticks.length === 1, 'both messages');
    expect(orders[0]!.data.id).toBe(101);
    expect(ticks[0]!.data.last).toBe(1);
  });

  it('client library - after a reconnect each event channel resumes from the last delivered id', async () => {
    const server = await serve();
    const c = client(server.url);
    const seen: number[] = [];
    const events: string[] = [];
    c.on('connected', ({ reconnected }) => events.push(reconnected ? 'reconnected' : 'connected'));
    c.on('disconnected', ({ willReconnect }) => events.push(`disconnected:${willReconnect}`));
    const subscription = c.subscribe('signals', undefined, (message) => seen.push(message.id));
    const quiet = c.subscribe('alerts', undefined, () => {});
    await c.connect();
    await until(() => server.framesOf(0).length === 2, 'subscribe frames');
    server.latest().send(server.event('signals', 101));
    server.latest().send(server.event('signals', 102));
    await until(() => seen.length === 2, 'two events');
    server.latest().terminate();
    await until(() => server.framesOf(1).length === 2, 'the resubscriptions');
    expect(server.framesOf(1).map((f) => [f.channels, f.since_id])).toEqual([
      [['signals'], 102],
      [['alerts'], 100],
    ]);
    // A resumed stream that repeats an event is de-duplicated.
    server.latest().send(server.event('signals', 102));
    server.latest().send(server.event('signals', 103));
    await until(() => seen.length === 3, 'the next event');
    expect(seen).toEqual([101, 102, 103]);
    expect(subscription.lastId).toBe(103);
    expect(quiet.lastId).toBe(100);
    expect(events).toEqual(['connected', 'disconnected:true', 'reconnected']);
  });

  it('client library - a gap is reported and the channel resumes from its last id', async () => {
    const server = await serve();
    const c = client(server.url);
    const gaps: ClientEvents['gap'][] = [];
    c.on('gap', (gap) => gaps.push(gap));
    c.subscribe('events', { event_type: ['ORDER_NEW'] }, () => {});
    await c.connect();
    await until(() => server.framesOf(0).length === 1, 'subscribe');
    server.latest().send(server.event('events', 150));
    server.latest().send(JSON.stringify({ type: 'gap', channel: 'events', last_id: 150 }));
    await until(() => server.framesOf(0).length === 2, 'the resume');
    expect(gaps).toEqual([{ channel: 'events', lastId: 150 }]);
    expect(server.framesOf(0)[1]).toMatchObject({
      type: 'subscribe',
      channels: ['events'],
      since_id: 150,
      filters: { event_type: ['ORDER_NEW'] },
    });
  });

  it('client library - unsubscribe stops the handler and tells the server', async () => {
    const server = await serve();
    const c = client(server.url);
    const seen: number[] = [];
    const subscription = c.subscribe('orders', undefined, (message) => seen.push(message.id));
    await c.connect();
    await until(() => server.framesOf(0).length === 1, 'subscribe');
    subscription.unsubscribe();
    await until(() => server.framesOf(0).length === 2, 'unsubscribe');
    expect(server.framesOf(0)[1]).toMatchObject({ type: 'unsubscribe', channels: ['orders'] });
    server.latest().send(server.event('orders', 101));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).toEqual([]);
  });

  it('client library - server errors and broadcasts reach their own listeners', async () => {
    const server = await serve();
    const c = client(server.url);
    const errors: ClientEvents['error'][] = [];
    const broadcasts: unknown[] = [];
    const handled: unknown[] = [];
    c.on('error', (error) => errors.push(error));
    c.on('broadcast', (message) => broadcasts.push(message.data));
    c.subscribe('status', undefined, (message) => handled.push(message));
    await c.connect();
    server.latest().send(
      JSON.stringify({
        type: 'error',
        code: 'validation_error',
        message: 'filters.q: too long',
        field: 'filters.q',
      }),
    );
    server.latest().send(
      JSON.stringify({
        channel: 'status',
        id: null,
        timestamp: '',
        event_type: 'BROADCAST',
        data: { notice: 'hi' },
      }),
    );
    await until(() => errors.length === 1 && broadcasts.length === 1, 'the error and the broadcast');
    expect(errors[0]).toEqual({
      code: 'validation_error',
      message: 'filters.q: too long',
      field: 'filters.q',
    });
    expect(broadcasts).toEqual([{ notice: 'hi' }]);
    expect(handled).toEqual([]);
  });

  it('client library - refused credentials (4401) stop the client instead of retrying forever', async () => {
    const server = await serve();
    server.autoAnswer = false;
    server.wss.on('connection', (socket) => socket.close(4401, 'api key not accepted'));
    const c = client(server.url, { apiKey: 'bad' });
    const disconnected: ClientEvents['disconnected'][] = [];
    c.on('disconnected', (event) => disconnected.push(event));
    await expect(c.connect()).rejects.toThrow(/4401/);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.sockets).toHaveLength(1);
    expect(disconnected).toEqual([{ code: 4401, reason: 'api key not accepted', willReconnect: false }]);
  });

  it('client library - a token function is asked for a fresh token at every connection', async () => {
    const server = await serve();
    let issued = 0;
    const c = client(server.url, { token: () => `t${++issued}` });
    await c.connect();
    c.subscribe('orders', undefined, () => {});
    await until(() => server.framesOf(0).length === 1, 'subscribe');
    server.latest().terminate();
    await until(() => server.framesOf(1).length === 1, 'the resubscription');
    expect([server.framesOf(0)[0]!.url, server.framesOf(1)[0]!.url]).toEqual([
      '/ws?token=t1',
      '/ws?token=t2',
    ]);
  });

  it('client library - a silent server is presumed dead after two ping periods and replaced', async () => {
    const server = await serve();
    const c = client(server.url, { pingIntervalMs: 50 });
    await c.connect();
    const reconnected = new Promise<void>((resolve) =>
      c.on('connected', ({ reconnected: again }) => again && resolve()),
    );
    // The first connection stays open but answers nothing from now on, not even pings.
    server.latest().removeAllListeners('message');
    await reconnected;
    expect(server.sockets).toHaveLength(2);
  });
});
