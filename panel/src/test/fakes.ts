/**
 * In-memory stand-ins for the server in component tests: a REST transport answering from a table
 * of handlers (and recording every request), and a gateway speaking the /ws frame protocol to the
 * real LeviBotClient through a fake WebSocket class.
 */
import type { Filters, LeviBotEvent } from '@levibot/client';
import { ApiError, type ApiRequest, type Transport } from '../api/api.js';

export type Handler = (request: ApiRequest) => unknown;

export interface FakeRest {
  transport: Transport;
  requests: ApiRequest[];
  /** Requests to one route ("POST /signals/score"). */
  calls(route: string): ApiRequest[];
}

export function fakeRest(routes: Record<string, Handler | unknown>): FakeRest {
  const requests: ApiRequest[] = [];
  const transport: Transport = async (request) => {
    requests.push(request);
    const route = `${request.method} ${request.path}`;
    if (!Object.hasOwn(routes, route)) throw new ApiError(404, 'not_found', `route ${route} not found`);
    const handler = routes[route];
    return typeof handler === 'function' ? (handler as Handler)(request) : structuredClone(handler);
  };
  return { transport, requests, calls: (route) => requests.filter((r) => `${r.method} ${r.path}` === route) };
}

interface SentSubscribe {
  channels: string[];
  filters?: Filters;
  since_id?: number;
}

/** The server side of /ws: accepts sockets, answers subscribes, publishes channel messages. */
export class FakeGateway {
  readonly sockets = new Set<FakeSocket>();
  readonly subscribes: SentSubscribe[] = [];
  private up = true;

  /** The class to hand to LeviBotClient as `WebSocket`. */
  readonly WebSocket = ((gateway: FakeGateway) =>
    class extends FakeSocket {
      constructor(url: string) {
        super(url, gateway);
      }
    })(this);

  get isUp(): boolean {
    return this.up;
  }

  /** Send a stored event on `channel` to every socket subscribed to it. */
  publish(channel: string, event: LeviBotEvent): void {
    for (const socket of this.sockets) {
      if (!socket.channels.has(channel)) continue;
      socket.deliver({
        channel,
        id: event.id,
        timestamp: event.ts,
        event_type: event.event_type,
        data: event,
      });
    }
  }

  /** A live-only value (ticks, portfolio). */
  publishLive(channel: string, eventType: string, data: unknown): void {
    for (const socket of this.sockets) {
      if (socket.channels.has(channel))
        socket.deliver({
          channel,
          id: null,
          timestamp: new Date().toISOString(),
          event_type: eventType,
          data,
        });
    }
  }

  /** The server goes away: every socket closes, new ones are refused. */
  stop(): void {
    this.up = false;
    for (const socket of [...this.sockets]) socket.serverClose(1006, '');
  }

  start(): void {
    this.up = true;
  }

  /** Close every socket as a server refusing the client's credentials does. */
  refuse(): void {
    for (const socket of [...this.sockets]) socket.serverClose(4401, 'X-API-Key missing or not valid');
  }
}

export class FakeSocket {
  readyState = 0;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  readonly channels = new Set<string>();

  constructor(
    readonly url: string,
    private readonly gateway: FakeGateway,
  ) {
    setTimeout(() => {
      if (!gateway.isUp) {
        this.readyState = 3;
        this.onclose?.({ code: 1006, reason: '' });
        return;
      }
      gateway.sockets.add(this);
      this.readyState = 1;
      this.deliver({ type: 'connected', client_id: 'test', server_time: new Date().toISOString() });
    }, 0);
  }

  send(text: string): void {
    const frame = JSON.parse(text) as { type: string } & SentSubscribe;
    if (frame.type === 'subscribe') {
      this.gateway.subscribes.push(frame);
      for (const channel of frame.channels) {
        this.channels.add(channel);
        this.deliver({ type: 'subscribed', channel, filters: frame.filters ?? {}, last_id: 0 });
      }
    } else if (frame.type === 'unsubscribe') {
      for (const channel of frame.channels) this.channels.delete(channel);
    } else if (frame.type === 'ping') {
      this.deliver({ type: 'pong', server_time: new Date().toISOString() });
    }
  }

  close(code = 1000, reason = ''): void {
    this.serverClose(code, reason);
  }

  deliver(frame: unknown): void {
    if (this.readyState === 1) this.onmessage?.({ data: JSON.stringify(frame) });
  }

  serverClose(code: number, reason: string): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.gateway.sockets.delete(this);
    this.onclose?.({ code, reason });
  }
}

let nextId = 1000;
export function makeEvent(fields: Partial<LeviBotEvent> & { event_type: string }): LeviBotEvent {
  const id = fields.id ?? nextId++;
  return {
    id,
    ts: new Date(Date.now() - 60_000).toISOString(),
    severity: 'info',
    source: 'test',
    payload: {},
    ...fields,
  };
}
