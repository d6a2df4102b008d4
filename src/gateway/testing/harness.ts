/**
 * Test helpers for the gateway: a real LeviBot on a free port with a throw-away data folder, a
 * WebSocket probe that records every frame, an SSE reader, and in-memory fakes of the TickSource
 * and PortfolioSource ports.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket, type ClientOptions } from 'ws';
import { createLeviBot, type LeviBot, type LeviBotOptions } from '../../app/app.js';
import { InProcessBus } from '../../bus/index.js';
import { RuntimeConfig, SETTINGS } from '../../config/index.js';
import { SqliteEventStore } from '../../events/index.js';
import { createHttpServer, type HttpApp } from '../../http/server.js';
import { Metrics } from '../../observability/metrics.js';
import { Gateway } from '../gateway.js';
import type { Tick, TickListener, TickSource } from '../../market/tick.js';
import type { PortfolioSnapshot, PortfolioSource } from '../../trading/port.js';

export interface TestServer {
  levibot: LeviBot;
  url: string;
  wsUrl: string;
  port: number;
  dataDir: string;
  close(): Promise<void>;
}

/** Events other domains emit by themselves when LeviBot starts (market feed up, first equity snapshot). */
const STARTUP_EVENTS = ['FEED_STATUS', 'EQUITY_SNAPSHOT'];

/**
 * Start LeviBot with `env` over quiet defaults: a synthetic market feed (no network), no periodic
 * equity snapshots, and the start-up events already out of the way, so a test sees only the
 * events it emits. `reuse` restarts on an existing data folder and port.
 */
export async function startServer(
  env: Record<string, string> = {},
  sources: LeviBotOptions = {},
  reuse?: { dataDir: string; port: number },
): Promise<TestServer> {
  const dataDir = reuse?.dataDir ?? mkdtempSync(join(tmpdir(), 'levibot-gateway-'));
  const runtime = RuntimeConfig.load(SETTINGS, {
    file: '',
    env: {
      PORT: String(reuse?.port ?? 0),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      STORE_SYNC: 'normal',
      FEED: 'synthetic',
      TICK_STORE: 'false',
      PAPER_EQUITY_SNAPSHOT_S: '86400',
      ...env,
    },
  });
  const levibot = await createLeviBot(runtime, sources);
  const started = new Set<string>();
  const unsubscribe = levibot.bus.subscribe(
    (events) => events.forEach((event) => started.add(event.event_type)),
    { eventTypes: STARTUP_EVENTS },
  );
  const address = await levibot.listen();
  await until(() => started.size === STARTUP_EVENTS.length, 'the start-up events', 10_000).catch(() => {});
  unsubscribe();
  return {
    levibot,
    url: address.url,
    wsUrl: address.url.replace(/^http/, 'ws'),
    port: address.port,
    dataDir,
    async close() {
      await levibot.close();
      if (!reuse) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The gateway alone on a bare HTTP server, with an in-memory store and no market feed or
 * portfolio: what a deployment without those domains serves.
 */
export async function startBareGateway(): Promise<{ http: HttpApp; wsUrl: string; close(): Promise<void> }> {
  const settings = RuntimeConfig.load(SETTINGS, { file: '', env: { LOG_LEVEL: 'silent' } }).values;
  const metrics = new Metrics({ version: 'test', gitSha: 'test', branch: 'test' });
  const http = await createHttpServer({
    version: 'test',
    corsOrigins: [],
    bodyLimitBytes: 1024 * 1024,
    logLevel: 'silent',
    trustProxy: false,
    metrics,
  });
  const store = new SqliteEventStore({ file: ':memory:' });
  const bus = new InProcessBus();
  const gateway = new Gateway({ settings, store, bus, metrics, log: http.log });
  gateway.register(http);
  await http.listen({ port: 0, host: '127.0.0.1' });
  gateway.start();
  const address = http.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    http,
    wsUrl: `ws://127.0.0.1:${port}`,
    async close() {
      await gateway.close();
      await http.close();
      await store.close();
    },
  };
}

export type Frame = Record<string, unknown> & { type?: string };

/** Resolves once `done()` holds; fails with `what` after `timeoutMs`. */
export async function until(done: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A WebSocket client that records every frame it receives, in order. */
export class WsProbe {
  readonly frames: Frame[] = [];
  closeCode: number | null = null;
  closeReason = '';
  readonly opened: Promise<void>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => this.frames.push(JSON.parse(String(data)) as Frame));
    ws.on('close', (code, reason) => {
      this.closeCode = code;
      this.closeReason = String(reason);
    });
    ws.on('error', () => {});
    this.opened = new Promise((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (_request, response: IncomingMessage) =>
        reject(new Error(`upgrade refused with HTTP ${response.statusCode}`)),
      );
      ws.once('close', () => resolve());
    });
  }

  static async open(url: string, options: ClientOptions = {}): Promise<WsProbe> {
    const probe = new WsProbe(new WebSocket(url, options));
    await probe.opened;
    return probe;
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  ofType(type: string): Frame[] {
    return this.frames.filter((frame) => frame.type === type);
  }

  /** Frames carrying an event: /ws/events event frames and /ws channel frames. */
  eventIds(channel?: string): number[] {
    return this.frames
      .filter((frame) =>
        channel === undefined
          ? frame.type === 'event' || typeof frame.channel === 'string'
          : frame.channel === channel,
      )
      .filter((frame) => typeof frame.id === 'number')
      .map((frame) => frame.id as number);
  }

  async waitFor(predicate: (frame: Frame) => boolean, what: string, timeoutMs = 5000): Promise<Frame> {
    let found: Frame | undefined;
    await until(() => (found = this.frames.find(predicate)) !== undefined, what, timeoutMs);
    return found!;
  }

  async waitForClose(timeoutMs = 5000): Promise<{ code: number; reason: string }> {
    await until(() => this.closeCode !== null, 'the connection to close', timeoutMs);
    return { code: this.closeCode!, reason: this.closeReason };
  }

  close(): void {
    this.ws.terminate();
  }
}

export interface SseMessage {
  event?: string;
  id?: string;
  data?: string;
  retry?: string;
  comment?: string;
}

/** A minimal SSE reader: records parsed records and comments as they arrive. */
export class SseProbe {
  readonly messages: SseMessage[] = [];
  status = 0;
  body = '';
  ended = false;
  private buffer = '';
  private response: IncomingMessage | undefined;

  private constructor() {}

  static open(url: string, headers: Record<string, string> = {}): Promise<SseProbe> {
    const probe = new SseProbe();
    return new Promise((resolve, reject) => {
      const request = httpRequest(
        url,
        { headers: { accept: 'text/event-stream', ...headers } },
        (response) => {
          probe.response = response;
          probe.status = response.statusCode ?? 0;
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => probe.take(chunk));
          response.on('end', () => (probe.ended = true));
          response.on('close', () => (probe.ended = true));
          resolve(probe);
        },
      );
      request.on('error', reject);
      request.end();
    });
  }

  get headers(): IncomingMessage['headers'] {
    return this.response?.headers ?? {};
  }

  ids(): number[] {
    return this.messages.filter((m) => m.id !== undefined && m.event === undefined).map((m) => Number(m.id));
  }

  async waitFor(
    predicate: (message: SseMessage) => boolean,
    what: string,
    timeoutMs = 5000,
  ): Promise<SseMessage> {
    let found: SseMessage | undefined;
    await until(() => (found = this.messages.find(predicate)) !== undefined, what, timeoutMs);
    return found!;
  }

  /** Stop reading (the server's writes back up), and start again. */
  pause(): void {
    this.response?.pause();
  }

  resume(): void {
    this.response?.resume();
  }

  close(): void {
    this.response?.destroy();
  }

  private take(chunk: string): void {
    this.body += chunk;
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const record = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const message: SseMessage = {};
      for (const line of record.split('\n')) {
        if (line.startsWith(':')) message.comment = line.slice(1).trim();
        const colon = line.indexOf(':');
        if (colon <= 0) continue;
        const field = line.slice(0, colon) as keyof SseMessage;
        const value = line.slice(colon + 1).replace(/^ /, '');
        message[field] = value;
      }
      this.messages.push(message);
    }
  }
}

/** An in-memory TickSource: `push` delivers a tick to the matching listeners synchronously. */
export class FakeTickSource implements TickSource {
  private readonly listeners = new Map<string, Set<TickListener>>();
  private readonly last = new Map<string, Tick>();

  subscribeTicks(symbol: string, listener: TickListener): () => void {
    let set = this.listeners.get(symbol);
    if (!set) this.listeners.set(symbol, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  lastTick(symbol: string): Tick | undefined {
    return this.last.get(symbol);
  }

  symbols(): string[] {
    return [...this.last.keys()];
  }

  listenerCount(symbol: string): number {
    return this.listeners.get(symbol)?.size ?? 0;
  }

  push(symbol: string, last: number, ts = Date.now()): Tick {
    const tick: Tick = {
      symbol,
      ts,
      bid: last - 0.5,
      ask: last + 0.5,
      bidQty: 1,
      askQty: 1,
      last,
      qty: 0.1,
      side: 'buy',
    };
    this.last.set(symbol, tick);
    for (const key of [symbol, '*']) for (const listener of this.listeners.get(key) ?? []) listener(tick);
    return tick;
  }
}

export class FakePortfolio implements PortfolioSource {
  equity = 10_000;

  portfolio(): PortfolioSnapshot {
    return {
      ts: new Date().toISOString(),
      equity: this.equity,
      cash: this.equity,
      realized_pnl: 0,
      unrealized_pnl: 0,
      daily_pnl: 0,
      drawdown: 0,
      positions: [],
    };
  }
}
