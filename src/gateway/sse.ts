/**
 * Server-Sent Events: /stream/events (resumable by Last-Event-ID or since_id), /stream/ticks and
 * /stream/portfolio. Each record of /stream/events carries `id:` = the event id, so a browser's
 * EventSource resumes by itself. After an overflow the stream sends a `gap` event and ends; the
 * EventSource reconnects with Last-Event-ID and the store fills in what it missed.
 */
import type { FastifyReply } from 'fastify';
import type { EventFilter } from '../events/index.js';
import type { GatewayContext } from './context.js';
import { EventFeed } from './feed.js';
import { type LiveUpdate, sseEventRecord, sseRecord } from './frames.js';
import type { PeriodicHub, TickHub } from './hubs.js';
import { ResponseSink } from './sink.js';
import { StreamClient } from './stream-client.js';

const HEARTBEAT = Buffer.from(': ping\n\n');

export type SseSource =
  | { kind: 'events'; filter: EventFilter; sinceId: number | null }
  | { kind: 'ticks'; hub: TickHub; symbol: string; channel: string }
  | { kind: 'portfolio'; hub: PeriodicHub };

export class SseClient extends StreamClient {
  private readonly feed: EventFeed | null = null;
  private announced = false;

  constructor(
    id: string,
    ip: string,
    private readonly reply: FastifyReply,
    context: GatewayContext,
    private readonly source: SseSource,
    private readonly onDispose: (client: SseClient) => void,
  ) {
    super(id, ip, new ResponseSink(reply.raw), context);
    if (source.kind === 'events') {
      this.feed = new EventFeed({
        store: context.store,
        bus: context.bus,
        filter: source.filter,
        sinceId: source.sinceId,
        maxQueueBytes: context.settings.WS_QUEUE_BYTES,
        encoder: {
          event: sseEventRecord,
          gap: (lastId) => sseRecord(JSON.stringify({ last_id: lastId }), { event: 'gap', id: lastId }),
        },
        afterGap: 'stop',
        onReadable: () => this.requestFlush(),
        onOverflow: () => this.onOverflow(),
        onDropped: (count) => this.countDropped(count),
        onError: (error) => this.failed(error),
      });
    }
    reply.raw.on('close', () => this.dispose());
  }

  /** Take over the response: headers (with those set by hooks, e.g. CORS), retry, then the stream. */
  async start(): Promise<void> {
    const raw = this.reply.raw;
    this.reply.hijack();
    raw.writeHead(200, {
      ...(this.reply.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    this.sendControl(Buffer.from(`retry: ${this.context.settings.SSE_RETRY_MS}\n\n`));
    const source = this.source;
    if (source.kind === 'ticks') source.hub.add(source.symbol, source.channel, this);
    else if (source.kind === 'portfolio') source.hub.add(this);
    if (!this.feed) return;
    try {
      const head = await this.feed.start();
      if (this.closed) return;
      this.sendControl(
        sseRecord(JSON.stringify({ server_time: new Date().toISOString(), last_id: head }), {
          event: 'hello',
        }),
      );
      this.announced = true;
      this.requestFlush();
    } catch (error) {
      this.failed(error);
    }
  }

  heartbeat(): void {
    if (!this.closed && this.sink.ready) this.sendControl(HEARTBEAT);
  }

  override flush(): void {
    super.flush();
    // The gap record is written: end the stream so that the EventSource resumes from the store.
    if (this.feed?.stopped && !this.closed) this.close();
  }

  close(): void {
    this.dispose();
    this.reply.raw.end();
  }

  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    const source = this.source;
    this.feed?.stop();
    if (source.kind === 'ticks') source.hub.remove(source.symbol, this);
    else if (source.kind === 'portfolio') source.hub.remove(this);
    this.onDispose(this);
  }

  protected encodeLive(update: LiveUpdate): Buffer {
    return update.sseRecord;
  }

  protected pullFeeds(out: Buffer[]): void {
    if (this.feed && this.announced) this.feed.pull(out);
  }

  protected feedBytes(): number {
    return this.feed?.queuedBytes ?? 0;
  }

  protected countOut(frames: number): void {
    this.context.counters.sseMessagesOut += frames;
  }

  protected countDropped(messages: number): void {
    this.context.counters.sseDropped += messages;
  }

  protected closeSlow(): void {
    this.dispose();
    this.reply.raw.destroy();
  }

  private failed(error: unknown): void {
    this.context.log.error({ err: error, client: this.id }, 'event stream failed');
    this.close();
  }
}
