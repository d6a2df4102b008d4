/**
 * Bench worker: one server under test, in its own process. `levibot` is the real gateway (events
 * go through LeviBot's bus, as after a store commit); `raw` is a minimal `ws` server sending each
 * message serialised once to every client (the limit); `socketio` is a Socket.IO server
 * broadcasting with `io.emit` (the peer users would pick).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server as SocketIoServer } from 'socket.io';
import { WebSocket, WebSocketServer } from 'ws';
import { createLeviBot, type LeviBot } from '../../app/app.js';
import { RuntimeConfig, SETTINGS } from '../../config/index.js';
import type { StoredEvent } from '../../events/index.js';
import { preciseNow, serveRequests } from './ipc.js';

export type ServerKind = 'levibot' | 'raw' | 'socketio';

interface Target {
  port: number;
  publish(events: StoredEvent[]): void;
  close(): Promise<void>;
}

async function listen(server: HttpServer): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function startLeviBot(): Promise<Target> {
  const dataDir = mkdtempSync(join(tmpdir(), 'levibot-bench-'));
  const runtime = RuntimeConfig.load(SETTINGS, {
    file: '',
    env: {
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      STORE_SYNC: 'normal',
      WS_MAX_CONNECTIONS: '50000',
      WS_MAX_CONNECTIONS_PER_IP: '50000',
      // The other domains as quiet as they go: the bench measures the gateway.
      FEED: 'synthetic',
      SYNTHETIC_TICKS_PER_S: '1',
      TICK_STORE: 'false',
      PAPER_EQUITY_SNAPSHOT_S: '86400',
    },
  });
  const levibot: LeviBot = await createLeviBot(runtime);
  const { port } = await levibot.listen();
  return {
    port,
    publish: (events) => levibot.bus.publish(events),
    async close() {
      await levibot.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function startRaw(): Promise<Target> {
  const http = createServer();
  const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
  const port = await listen(http);
  return {
    port,
    publish(events) {
      for (const event of events) {
        const frame = Buffer.from(JSON.stringify(event));
        for (const client of wss.clients)
          if (client.readyState === WebSocket.OPEN) client.send(frame, { binary: false });
      }
    },
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise((resolve) => http.close(resolve));
    },
  };
}

async function startSocketIo(): Promise<Target> {
  const http = createServer();
  const io = new SocketIoServer(http, {
    transports: ['websocket'],
    perMessageDeflate: false,
    serveClient: false,
  });
  const port = await listen(http);
  return {
    port,
    publish(events) {
      for (const event of events) io.emit('event', event);
    },
    async close() {
      await io.close();
    },
  };
}

const kind = process.argv[2] as ServerKind;
const target = await (kind === 'levibot' ? startLeviBot() : kind === 'raw' ? startRaw() : startSocketIo());
// Far above the ids LeviBot's store hands out (its start-up events): a client's stream starts
// after the store's last id and would skip bench events numbered below it.
let nextId = 1_000_000_000;
let seq = 0;

function makeEvent(): StoredEvent {
  return {
    id: nextId++,
    ts: new Date().toISOString(),
    event_type: 'BENCH_TICK',
    severity: 'info',
    symbol: 'BTC/USDT',
    source: 'bench',
    payload: { seq: seq++, price: 64_000 + (seq % 100), t: preciseNow() },
  };
}

/** Publish `rate` messages per second, evenly in 5 ms slices, for `durationMs`. */
function publishAt(rate: number, durationMs: number): Promise<{ published: number }> {
  return new Promise((resolve) => {
    const started = performance.now();
    let published = 0;
    const timer = setInterval(() => {
      const elapsed = Math.min(performance.now() - started, durationMs);
      const due = Math.floor((elapsed / 1000) * rate);
      if (due > published) {
        const events: StoredEvent[] = [];
        for (let i = published; i < due; i++) events.push(makeEvent());
        target.publish(events);
        published = due;
      }
      if (elapsed >= durationMs) {
        clearInterval(timer);
        resolve({ published });
      }
    }, 5);
  });
}

serveRequests({
  port: () => target.port,
  publish: (args) => publishAt(Number(args.rate), Number(args.durationMs)),
  cpu: () => process.cpuUsage(),
  memory: () => {
    global.gc?.();
    return process.memoryUsage();
  },
  close: async () => {
    await target.close();
    return true;
  },
});
