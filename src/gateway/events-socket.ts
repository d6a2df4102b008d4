/**
 * GET /ws/events: one server-side filtered event stream. `hello`, then every stored event after
 * since_id that matches, then live events; after an overflow, a `gap` frame and the missed events
 * from the store.
 */
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { EventFilter } from '../events/index.js';
import { ValidationError } from '../shared/errors.js';
import type { GatewayContext } from './context.js';
import { EventFeed } from './feed.js';
import { eventFrame, wsJsonFrame } from './frames.js';
import { filterView, InvalidJsonError, parseClientFrame } from './protocol.js';
import { errorFrame, WsClient } from './ws-client.js';

export interface EventsSocketRequest {
  filter: EventFilter;
  sinceId: number | null;
}

export class EventsSocket extends WsClient {
  private readonly feed: EventFeed;
  private announced = false;

  constructor(
    id: string,
    ip: string,
    ws: WebSocket,
    socket: Duplex,
    context: GatewayContext,
    private readonly request: EventsSocketRequest,
    onDispose: (client: WsClient) => void,
  ) {
    super(id, ip, ws, socket, context, onDispose);
    this.feed = new EventFeed({
      store: context.store,
      bus: context.bus,
      filter: request.filter,
      sinceId: request.sinceId,
      maxQueueBytes: context.settings.WS_QUEUE_BYTES,
      encoder: { event: eventFrame, gap: (lastId) => wsJsonFrame({ type: 'gap', last_id: lastId }) },
      afterGap: 'resync',
      onReadable: () => this.requestFlush(),
      onOverflow: () => this.onOverflow(),
      onDropped: (count) => this.countDropped(count),
      onError: (error) => this.failed(error),
    });
  }

  async start(): Promise<void> {
    try {
      const head = await this.feed.start();
      if (this.closed) return;
      const hello: Record<string, unknown> = {
        type: 'hello',
        server_time: new Date().toISOString(),
        filters: filterView(this.request.filter),
        last_id: head,
      };
      if (this.request.sinceId !== null) hello.since_id = this.feed.lastId;
      this.sendJson(hello);
      this.announced = true;
      this.requestFlush();
    } catch (error) {
      this.failed(error);
    }
  }

  protected onText(text: string): void {
    try {
      const frame = parseClientFrame(text);
      if (frame.type === 'ping') {
        this.sendJson({
          type: 'pong',
          server_time: new Date().toISOString(),
          ...(frame.id !== undefined && { id: frame.id }),
        });
        return;
      }
      throw ValidationError.forField('type', `/ws/events only answers ping; use /ws for ${frame.type}`);
    } catch (error) {
      if (error instanceof InvalidJsonError)
        this.sendJson({ type: 'error', code: 'invalid_json', message: error.message });
      else this.sendJson(errorFrame(error));
    }
  }

  protected pullFeeds(out: Buffer[]): void {
    if (this.announced) this.feed.pull(out);
  }

  protected feedBytes(): number {
    return this.feed.queuedBytes;
  }

  protected release(): void {
    this.feed.stop();
  }
}
