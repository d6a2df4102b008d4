/**
 * LeviBotClient: one WebSocket to /ws carrying any number of channel subscriptions. It
 * reconnects by itself (full-jitter exponential backoff) and resumes each event channel from the
 * last event it delivered, after a reconnect and after a gap, so a handler sees every event once,
 * in order. Works with the browser's WebSocket and, in Node, with the `ws` package.
 */
import { type BackoffOptions, fullJitterDelay } from './backoff.js';
import type {
  BroadcastMessage,
  Channel,
  ClientFrame,
  EventChannel,
  Filters,
  MessageOf,
  ServerFrame,
} from './protocol.js';
import { CLOSE_CODES } from './protocol.js';

/** The part of the WebSocket API the client uses (browsers' WebSocket and `ws` both have it). */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/**
 * A WebSocket class: the browser's `WebSocket`, or `WebSocket` from the `ws` package. Typed
 * loosely because the two declare their event types differently; both behave as WebSocketLike.
 */
export type WebSocketConstructor = new (url: string) => object;

export interface LeviBotClientOptions {
  /** The server: `ws://host:8000`, `https://host` or the full `/ws` URL. */
  url: string;
  /** Sent as the `api_key` query parameter (browsers cannot set headers on a WebSocket). */
  apiKey?: string;
  /** A JWT, or a function returning a fresh one before each connection attempt. */
  token?: string | (() => string | Promise<string>);
  /** @default globalThis.WebSocket (pass `WebSocket` from `ws` on Node 20) */
  WebSocket?: WebSocketConstructor;
  /** Reconnect delays; `false` disables reconnecting. @default { minMs: 500, maxMs: 20000 } */
  reconnect?: BackoffOptions | false;
  /**
   * Period of the client's ping; a connection that brings no frame for two periods is presumed
   * dead and replaced. @default 25000
   */
  pingIntervalMs?: number;
}

export interface ClientEvents {
  connected: { clientId: string; reconnected: boolean };
  disconnected: { code: number; reason: string; willReconnect: boolean };
  /** The server dropped events for a slow client; the client resumes from `lastId` by itself. */
  gap: { channel: string; lastId: number };
  error: { code: string; message: string; field?: string };
  /** An operator's POST /ws/broadcast on a channel this client listens to. */
  broadcast: BroadcastMessage;
}

type Listener<T> = (value: T) => void;

export interface Subscription {
  readonly channel: string;
  /** Id of the last event delivered on this subscription: where a resume starts. */
  readonly lastId: number | null;
  unsubscribe(): void;
}

interface ActiveSubscription {
  channel: string;
  filters: Filters | undefined;
  handler: (message: never) => void;
  lastId: number | null;
  resumable: boolean;
}

type ChannelMessage = MessageOf<Channel> | BroadcastMessage;

const EVENT_CHANNELS = new Set(['events', 'signals', 'orders', 'positions', 'alerts', 'status']);
const OPEN = 1;

function wsUrl(url: string): string {
  const base = url.replace(/^http(s?):/, 'ws$1:').replace(/\/+$/, '');
  return /\/ws$/.test(new URL(base).pathname) ? base : `${base}/ws`;
}

export class LeviBotClient {
  private socket: WebSocketLike | null = null;
  private readonly subscriptions = new Map<string, ActiveSubscription>();
  private readonly listeners: { [K in keyof ClientEvents]: Set<Listener<ClientEvents[K]>> } = {
    connected: new Set(),
    disconnected: new Set(),
    gap: new Set(),
    error: new Set(),
    broadcast: new Set(),
  };
  private attempt = 0;
  private everConnected = false;
  private stopped = true;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private lastFrameAt = 0;
  private firstConnection: { resolve: () => void; reject: (error: Error) => void } | null = null;
  private ready: Promise<void> = Promise.resolve();

  constructor(private readonly options: LeviBotClientOptions) {
    if (!options.url) throw new Error('LeviBotClient: url is required');
  }

  /** Whether the socket is open and the server said `connected`. */
  get connected(): boolean {
    return this.socket?.readyState === OPEN && this.lastFrameAt > 0;
  }

  /** Open the connection; resolves at the first `connected` frame. */
  connect(): Promise<void> {
    if (!this.stopped) return this.ready;
    this.stopped = false;
    this.ready = new Promise((resolve, reject) => {
      this.firstConnection = { resolve, reject };
      void this.open();
    });
    return this.ready;
  }

  /**
   * Listen on `channel`. Event channels take `filters` and resume from `sinceId` (or from the
   * current end of the store); a second subscribe to the same channel replaces the first.
   */
  subscribe<C extends Channel>(
    channel: C,
    filters: (C extends EventChannel ? Filters : undefined) | undefined,
    handler: (message: MessageOf<C>) => void,
    options: { sinceId?: number } = {},
  ): Subscription {
    const active: ActiveSubscription = {
      channel,
      filters: filters ?? undefined,
      handler: handler as (message: never) => void,
      lastId: options.sinceId ?? null,
      resumable: EVENT_CHANNELS.has(channel),
    };
    this.subscriptions.set(channel, active);
    this.sendSubscribe(active);
    return {
      channel,
      get lastId() {
        return active.lastId;
      },
      unsubscribe: () => {
        if (this.subscriptions.get(channel) !== active) return;
        this.subscriptions.delete(channel);
        this.send({ type: 'unsubscribe', channels: [channel] });
      },
    };
  }

  on<K extends keyof ClientEvents>(event: K, listener: Listener<ClientEvents[K]>): () => void {
    this.listeners[event].add(listener);
    return () => this.listeners[event].delete(listener);
  }

  /** Close for good: no reconnect. */
  close(): void {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    this.stopHeartbeat();
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = null;
      socket.onmessage = null;
      socket.close(1000, 'client closed');
    }
  }

  private async open(): Promise<void> {
    if (this.stopped) return;
    let url: URL;
    try {
      url = new URL(wsUrl(this.options.url));
      if (this.options.apiKey) url.searchParams.set('api_key', this.options.apiKey);
      const token =
        typeof this.options.token === 'function' ? await this.options.token() : this.options.token;
      if (token) url.searchParams.set('token', token);
    } catch (error) {
      this.emit('error', { code: 'client_error', message: (error as Error).message });
      this.scheduleReconnect();
      return;
    }
    if (this.stopped) return;
    const Socket = this.options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!Socket) {
      const error = new Error(
        'LeviBotClient: no WebSocket implementation; pass options.WebSocket (e.g. from "ws")',
      );
      this.firstConnection?.reject(error);
      this.firstConnection = null;
      this.stopped = true;
      return;
    }
    const socket = new Socket(url.toString()) as WebSocketLike;
    this.socket = socket;
    this.lastFrameAt = 0;
    socket.onmessage = (event) => this.onFrame(String(event.data));
    socket.onclose = (event) => this.onClose(socket, event.code, event.reason);
    // Errors are followed by close, which decides what happens next.
    socket.onerror = () => {};
  }

  private onFrame(text: string): void {
    this.lastFrameAt = Date.now();
    let frame: ServerFrame | ChannelMessage;
    try {
      frame = JSON.parse(text) as ServerFrame | ChannelMessage;
    } catch {
      return;
    }
    if ('type' in frame) this.onControl(frame);
    else if (frame.event_type === 'BROADCAST' && frame.id === null)
      this.emit('broadcast', frame as BroadcastMessage);
    else this.onMessage(frame);
  }

  private onControl(frame: ServerFrame): void {
    switch (frame.type) {
      case 'connected': {
        const reconnected = this.everConnected;
        this.everConnected = true;
        this.attempt = 0;
        this.startHeartbeat();
        for (const active of this.subscriptions.values()) this.sendSubscribe(active);
        this.firstConnection?.resolve();
        this.firstConnection = null;
        this.emit('connected', { clientId: frame.client_id, reconnected });
        return;
      }
      case 'subscribed': {
        const active = this.subscriptions.get(frame.channel);
        // Without a resume point yet, the subscription starts at the server's current last id.
        if (active?.resumable && active.lastId === null && typeof frame.last_id === 'number') {
          active.lastId = frame.last_id;
        }
        return;
      }
      case 'gap': {
        const active = this.subscriptions.get(frame.channel);
        this.emit('gap', { channel: frame.channel, lastId: frame.last_id });
        if (!active) return;
        active.lastId = Math.max(active.lastId ?? 0, frame.last_id);
        this.sendSubscribe(active);
        return;
      }
      case 'error': {
        const error: ClientEvents['error'] = { code: frame.code, message: frame.message };
        if (frame.field !== undefined) error.field = frame.field;
        this.emit('error', error);
        return;
      }
      case 'pong':
      case 'unsubscribed':
      case 'subscriptions':
        return;
    }
  }

  private onMessage(message: ChannelMessage): void {
    const active = this.subscriptions.get(message.channel);
    if (!active) return;
    if (typeof message.id === 'number') {
      // A resumed stream starts strictly after lastId; anything at or below it was delivered already.
      if (active.lastId !== null && message.id <= active.lastId) return;
      active.lastId = message.id;
    }
    try {
      (active.handler as (message: ChannelMessage) => void)(message);
    } catch (error) {
      this.emit('error', { code: 'handler_error', message: (error as Error).message ?? String(error) });
    }
  }

  private onClose(socket: WebSocketLike, code: number, reason: string): void {
    if (socket !== this.socket) return;
    this.socket = null;
    this.stopHeartbeat();
    const staticCredentials = typeof this.options.token !== 'function';
    const refused = code === CLOSE_CODES.unauthorized && staticCredentials;
    const willReconnect = !this.stopped && this.options.reconnect !== false && !refused;
    this.emit('disconnected', { code, reason, willReconnect });
    if (refused) this.emit('error', { code: 'unauthorized', message: reason || 'credentials refused' });
    if (willReconnect) {
      this.scheduleReconnect();
    } else {
      this.stopped = true;
      this.firstConnection?.reject(new Error(`connection closed (${code}${reason ? `: ${reason}` : ''})`));
      this.firstConnection = null;
    }
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.options.reconnect === false) return;
    const delay = fullJitterDelay(this.attempt++, this.options.reconnect ?? {});
    this.reconnectTimer = setTimeout(() => void this.open(), delay);
  }

  private sendSubscribe(active: ActiveSubscription): void {
    const frame: ClientFrame = { type: 'subscribe', channels: [active.channel] };
    if (active.filters) frame.filters = active.filters;
    if (active.resumable && active.lastId !== null) frame.since_id = active.lastId;
    this.send(frame);
  }

  private send(frame: ClientFrame): void {
    if (this.socket?.readyState === OPEN && this.lastFrameAt > 0) this.socket.send(JSON.stringify(frame));
  }

  private startHeartbeat(): void {
    this.stopHeartbeat();
    const interval = this.options.pingIntervalMs ?? 25_000;
    this.pingTimer = setInterval(() => {
      const socket = this.socket;
      if (!socket) return;
      if (Date.now() - this.lastFrameAt > 2 * interval) {
        // No frame, not even a pong, for two periods: the server or the path is gone.
        socket.onclose = null;
        socket.close(4000, 'heartbeat timeout');
        this.onClose(socket, 4000, 'heartbeat timeout');
        return;
      }
      this.send({ type: 'ping' });
    }, interval);
  }

  private stopHeartbeat(): void {
    clearInterval(this.pingTimer);
    this.pingTimer = undefined;
  }

  private emit<K extends keyof ClientEvents>(event: K, value: ClientEvents[K]): void {
    for (const listener of this.listeners[event]) listener(value);
  }
}
