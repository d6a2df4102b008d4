/**
 * The real-time gateway: accepts WebSocket upgrades on /ws and /ws/events and SSE requests on
 * /stream/*, enforces authentication and connection limits, pings peers, and answers the
 * management routes. Connections pull from the bus and the store through EventFeeds; live-only
 * channels come from the hubs.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyBaseLogger, FastifyReply } from 'fastify';
import { type WebSocket, WebSocketServer } from 'ws';
import type { EventBus } from '../bus/index.js';
import type { EventStore } from '../events/index.js';
import { parseEventFilter } from '../http/query.js';
import type { HttpApp } from '../http/server.js';
import type { TickSource } from '../market/tick.js';
import type { Metrics } from '../observability/metrics.js';
import { RateLimitedError, UnavailableError, ValidationError } from '../shared/errors.js';
import type { PortfolioSource } from '../trading/port.js';
import { type AuthSettings, Authenticator, type Credentials } from '../http/auth.js';
import { type ChannelHubs, ChannelSocket } from './channel-socket.js';
import { parseChannel } from './channels.js';
import {
  FlushScheduler,
  type GatewayContext,
  type GatewayCounters,
  type GatewaySettings,
} from './context.js';
import { EventsSocket } from './events-socket.js';
import { LiveUpdate, wsJsonFrame } from './frames.js';
import { ChannelIndex, PeriodicHub, TickHub } from './hubs.js';
import { GatewayMetrics, type RefusalReason } from './metrics.js';
import { parseSinceId } from './protocol.js';
import { registerGatewayRoutes } from './routes.js';
import { type SseClient, type SseSource, SseClient as SseConnection } from './sse.js';
import { CLOSE_CODES, closeReason, errorFrame, type WsClient } from './ws-client.js';

/** Largest frame a client may send; a bigger one closes the connection with 1009. */
export const MAX_CLIENT_FRAME_BYTES = 64 * 1024;
/** How long close() waits for clients to answer the close handshake before cutting them off. */
const CLOSE_GRACE_MS = 500;

export interface GatewayOptions {
  /** The live configuration values (tunable settings are read at use). */
  settings: GatewaySettings & AuthSettings & { TRUST_PROXY: boolean };
  store: EventStore;
  bus: EventBus;
  metrics: Metrics;
  log: FastifyBaseLogger;
  /** Feeds ticks:<SYMBOL> and /stream/ticks; without it those answer "unavailable". */
  ticks?: TickSource;
  /** Feeds the portfolio channel and /stream/portfolio; without it those answer "unavailable". */
  portfolio?: PortfolioSource;
}

export interface GatewayStatus {
  connections: { ws: number; ws_events: number; sse: number; total: number };
  subscriptions: Record<string, number>;
  messages_out: { ws: number; sse: number };
  dropped: { ws: number; sse: number };
  refused: Record<RefusalReason, number>;
  queued_bytes: number;
  limits: {
    max_connections: number;
    max_connections_per_ip: number;
    queue_bytes: number;
    slow_client: string;
  };
  sources: { ticks: boolean; portfolio: boolean };
}

export class Gateway {
  private readonly context: GatewayContext;
  private readonly counters: GatewayCounters = {
    wsMessagesOut: 0,
    sseMessagesOut: 0,
    wsDropped: 0,
    sseDropped: 0,
  };
  private readonly auth: Authenticator;
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_CLIENT_FRAME_BYTES,
    perMessageDeflate: false,
    clientTracking: false,
  });
  private readonly hubs: ChannelHubs;
  private readonly wsClients = new Set<WsClient>();
  private readonly sseClients = new Set<SseClient>();
  private readonly perIp = new Map<string, number>();
  private readonly refusals: Record<RefusalReason, number> = {
    unauthorized: 0,
    max_connections: 0,
    per_ip: 0,
    bad_request: 0,
  };
  private readonly metrics: GatewayMetrics;
  private readonly startedAt = Date.now();
  private timers: NodeJS.Timeout[] = [];
  private broadcastSeq = 0;
  private closing = false;

  constructor(private readonly options: GatewayOptions) {
    const settings = options.settings;
    this.context = {
      settings,
      store: options.store,
      bus: options.bus,
      scheduler: new FlushScheduler(),
      counters: this.counters,
      log: options.log,
    };
    this.auth = new Authenticator(settings);
    const reportError = (error: unknown) => options.log.error({ err: error }, 'gateway snapshot failed');
    const portfolio = options.portfolio;
    this.hubs = {
      ticks: options.ticks ? new TickHub(options.ticks) : null,
      portfolio: portfolio
        ? new PeriodicHub(
            'portfolio',
            'PORTFOLIO',
            settings.PORTFOLIO_INTERVAL_MS,
            () => portfolio.portfolio(),
            reportError,
          )
        : null,
      metrics: new PeriodicHub(
        'metrics',
        'METRICS',
        settings.WS_METRICS_INTERVAL_MS,
        () => this.metricsSnapshot(),
        reportError,
      ),
      index: new ChannelIndex(),
    };
    this.metrics = new GatewayMetrics(options.metrics.registry, {
      counters: this.counters,
      wsConnections: () => this.wsClients.size,
      sseConnections: () => this.sseClients.size,
      queuedBytes: () => this.queuedBytes(),
      subscriptions: () => this.hubs.index.counts(),
    });
  }

  get authenticator(): Authenticator {
    return this.auth;
  }

  /** Routes (SSE, management) and the WebSocket upgrade handler. */
  register(app: HttpApp): void {
    registerGatewayRoutes(app, this);
    app.server.on('upgrade', this.onUpgrade);
  }

  /** Start the heartbeats. */
  start(): void {
    const settings = this.options.settings;
    const ping = setInterval(() => {
      for (const client of this.wsClients) client.heartbeat();
    }, settings.WS_PING_INTERVAL_MS);
    const sse = setInterval(() => {
      for (const client of this.sseClients) client.heartbeat();
    }, settings.SSE_HEARTBEAT_MS);
    ping.unref();
    sse.unref();
    this.timers = [ping, sse];
  }

  /** Close every stream (1001 going away; SSE streams end, so EventSources reconnect elsewhere). */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    for (const timer of this.timers) clearInterval(timer);
    this.hubs.ticks?.close();
    this.hubs.portfolio?.close();
    this.hubs.metrics.close();
    const sockets: WebSocket[] = [];
    for (const client of [...this.wsClients]) sockets.push(client.shutdown());
    for (const client of [...this.sseClients]) client.close();
    await Promise.all(
      sockets.map(
        (ws) =>
          new Promise<void>((resolve) => {
            if (ws.readyState === ws.CLOSED) return resolve();
            const timer = setTimeout(() => {
              ws.terminate();
              resolve();
            }, CLOSE_GRACE_MS);
            ws.once('close', () => {
              clearTimeout(timer);
              resolve();
            });
          }),
      ),
    );
    this.wss.close();
  }

  status(): GatewayStatus {
    let wsEvents = 0;
    for (const client of this.wsClients) if (client instanceof EventsSocket) wsEvents++;
    const settings = this.options.settings;
    return {
      connections: {
        ws: this.wsClients.size - wsEvents,
        ws_events: wsEvents,
        sse: this.sseClients.size,
        total: this.wsClients.size + this.sseClients.size,
      },
      subscriptions: this.hubs.index.counts(),
      messages_out: { ws: this.counters.wsMessagesOut, sse: this.counters.sseMessagesOut },
      dropped: { ws: this.counters.wsDropped, sse: this.counters.sseDropped },
      refused: { ...this.refusals },
      queued_bytes: this.queuedBytes(),
      limits: {
        max_connections: settings.WS_MAX_CONNECTIONS,
        max_connections_per_ip: settings.WS_MAX_CONNECTIONS_PER_IP,
        queue_bytes: settings.WS_QUEUE_BYTES,
        slow_client: settings.WS_SLOW_CLIENT,
      },
      sources: { ticks: this.hubs.ticks !== null, portfolio: this.hubs.portfolio !== null },
    };
  }

  /** Send `data` to every /ws connection subscribed to `channel`; returns how many. */
  broadcast(channelName: string, data: unknown): number {
    const channel = parseChannel(channelName, 'channel');
    const dataJson = JSON.stringify(data ?? null);
    if (Buffer.byteLength(dataJson) > MAX_CLIENT_FRAME_BYTES) {
      throw ValidationError.forField('data', `must be at most ${MAX_CLIENT_FRAME_BYTES} bytes of JSON`);
    }
    const update = new LiveUpdate(channel.name, 'BROADCAST', new Date().toISOString(), dataJson);
    const key = `${channel.name}|broadcast-${++this.broadcastSeq}`;
    const subscribers = this.hubs.index.subscribersOf(channel.name);
    for (const subscriber of subscribers) subscriber.pushLive(key, update);
    return subscribers.size;
  }

  /** SSE: authenticate, admit, then stream until the client goes away. */
  async openSse(
    request: { headers: Credentials['headers']; query: Record<string, unknown>; ip: string },
    reply: FastifyReply,
    source: SseSource,
  ): Promise<void> {
    try {
      await this.auth.authenticate(request);
    } catch (error) {
      this.refuse('unauthorized');
      throw error;
    }
    const refusal = this.admissionRefusal(request.ip);
    if (refusal === 'per_ip') {
      this.refuse(refusal);
      throw new RateLimitedError(`too many streams from ${request.ip}`, 5);
    }
    if (refusal) {
      this.refuse(refusal);
      throw new UnavailableError('the server is at its connection limit');
    }
    const client = new SseConnection(randomUUID(), request.ip, reply, this.context, source, (gone) => {
      this.sseClients.delete(gone);
      this.releaseIp(gone.ip);
    });
    this.sseClients.add(client);
    this.reserveIp(request.ip);
    await client.start();
  }

  tickHub(): TickHub {
    if (!this.hubs.ticks) throw new UnavailableError('no market feed runs in this server');
    return this.hubs.ticks;
  }

  portfolioHub(): PeriodicHub {
    if (!this.hubs.portfolio) throw new UnavailableError('no portfolio runs in this server');
    return this.hubs.portfolio;
  }

  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== '/ws' && url.pathname !== '/ws/events') {
      socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    socket.on('error', () => {});
    const ip = this.clientIp(request);
    const query = Object.fromEntries(url.searchParams);
    const early = this.closing ? 'max_connections' : this.admissionRefusal(ip);
    if (early) return this.refuseSocket(request, socket, head, early);
    this.auth.authenticate({ headers: request.headers, query }).then(
      () => this.accept(request, socket, head, url.pathname, query, ip),
      (error: unknown) => this.refuseSocket(request, socket, head, 'unauthorized', error),
    );
  };

  private accept(
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    path: string,
    query: Record<string, string>,
    ip: string,
  ): void {
    if (socket.destroyed) return;
    let eventsRequest: { filter: ReturnType<typeof parseEventFilter>; sinceId: number | null } | null = null;
    if (path === '/ws/events') {
      try {
        eventsRequest = {
          filter: parseEventFilter(query),
          sinceId: parseSinceId('since_id', query.since_id),
        };
      } catch (error) {
        return this.refuseSocket(request, socket, head, 'bad_request', error);
      }
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      // Limits are checked again now: authentication is asynchronous and others may have come in.
      const refusal = this.closing ? 'max_connections' : this.admissionRefusal(ip);
      if (refusal) return this.closeRefused(ws, refusal);
      const onDispose = (client: WsClient) => {
        if (this.wsClients.delete(client)) this.releaseIp(client.ip);
      };
      this.reserveIp(ip);
      if (eventsRequest) {
        const client = new EventsSocket(randomUUID(), ip, ws, socket, this.context, eventsRequest, onDispose);
        this.wsClients.add(client);
        void client.start();
      } else {
        const client = new ChannelSocket(randomUUID(), ip, ws, socket, this.context, this.hubs, onDispose);
        this.wsClients.add(client);
        client.start();
      }
    });
  }

  /** Complete the handshake, then close with the reason: browsers cannot read a refused upgrade. */
  private refuseSocket(
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    reason: RefusalReason,
    error?: unknown,
  ): void {
    if (socket.destroyed) return;
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      if (reason === 'bad_request' || reason === 'unauthorized') {
        const frame = errorFrame(error);
        socket.write(wsJsonFrame(frame));
        this.refuse(reason);
        ws.close(
          reason === 'bad_request' ? CLOSE_CODES.badRequest : CLOSE_CODES.unauthorized,
          closeReason(String(frame.message)),
        );
        return;
      }
      this.closeRefused(ws, reason);
    });
  }

  private closeRefused(ws: WebSocket, reason: RefusalReason): void {
    this.refuse(reason);
    ws.close(
      CLOSE_CODES.tryAgainLater,
      reason === 'per_ip' ? 'too many connections from this address' : 'server at its connection limit',
    );
  }

  /** The client's address; behind a trusted proxy, the first X-Forwarded-For hop (as Fastify's request.ip). */
  private clientIp(request: IncomingMessage): string {
    if (this.options.settings.TRUST_PROXY) {
      const header = request.headers['x-forwarded-for'];
      const first = (Array.isArray(header) ? header[0] : header)?.split(',')[0]?.trim();
      if (first) return first;
    }
    return request.socket.remoteAddress ?? 'unknown';
  }

  private admissionRefusal(ip: string): RefusalReason | null {
    const settings = this.options.settings;
    if (this.wsClients.size + this.sseClients.size >= settings.WS_MAX_CONNECTIONS) return 'max_connections';
    if ((this.perIp.get(ip) ?? 0) >= settings.WS_MAX_CONNECTIONS_PER_IP) return 'per_ip';
    return null;
  }

  private refuse(reason: RefusalReason): void {
    this.refusals[reason]++;
    this.metrics.refused.inc({ reason });
  }

  private reserveIp(ip: string): void {
    this.perIp.set(ip, (this.perIp.get(ip) ?? 0) + 1);
  }

  private releaseIp(ip: string): void {
    const count = (this.perIp.get(ip) ?? 1) - 1;
    if (count <= 0) this.perIp.delete(ip);
    else this.perIp.set(ip, count);
  }

  private queuedBytes(): number {
    let bytes = 0;
    for (const client of this.wsClients) bytes += client.queuedBytes;
    for (const client of this.sseClients) bytes += client.queuedBytes;
    return bytes;
  }

  private metricsSnapshot(): Record<string, unknown> {
    const status = this.status();
    const memory = process.memoryUsage();
    return {
      connections: status.connections,
      subscriptions: status.subscriptions,
      messages_out: status.messages_out,
      dropped: status.dropped,
      queued_bytes: status.queued_bytes,
      rss_bytes: memory.rss,
      heap_used_bytes: memory.heapUsed,
      uptime_s: Math.round((Date.now() - this.startedAt) / 1000),
    };
  }
}
