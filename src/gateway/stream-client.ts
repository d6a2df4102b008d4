/**
 * What every streaming connection (WebSocket or SSE) does the same way: coalesced flushes under
 * transport backpressure, conflated live updates with a byte bound, control frames.
 */
import type { Flushable, GatewayContext, LiveSubscriber } from './context.js';
import type { LiveUpdate } from './frames.js';
import type { FrameSink } from './sink.js';

export abstract class StreamClient implements Flushable, LiveSubscriber {
  flushQueued = false;
  protected closed = false;
  /** Unsent live updates by conflation key, in arrival order. */
  private readonly live = new Map<string, LiveUpdate>();
  private liveBytes = 0;

  constructor(
    readonly id: string,
    readonly ip: string,
    protected readonly sink: FrameSink,
    protected readonly context: GatewayContext,
  ) {
    sink.onDrain(() => this.requestFlush());
  }

  /** Bytes waiting for this client: its queues plus what the transport has not sent yet. */
  get queuedBytes(): number {
    return this.liveBytes + this.feedBytes() + this.sink.bufferedBytes;
  }

  requestFlush(): void {
    if (!this.closed) this.context.scheduler.schedule(this);
  }

  /** Write everything ready, in one batch, if the transport can take it. */
  flush(): void {
    if (this.closed || !this.sink.ready) return;
    const out: Buffer[] = [];
    if (this.live.size > 0) {
      for (const update of this.live.values()) out.push(this.encodeLive(update));
      this.live.clear();
      this.liveBytes = 0;
    }
    this.pullFeeds(out);
    if (out.length === 0) return;
    this.sink.write(out);
    this.countOut(out.length);
  }

  pushLive(key: string, update: LiveUpdate): void {
    if (this.closed) return;
    const size = update.dataJson.length;
    const previous = this.live.get(key);
    if (previous) {
      this.liveBytes -= previous.dataJson.length;
    } else if (this.live.size > 0 && this.liveBytes + size > this.context.settings.WS_QUEUE_BYTES) {
      this.countDropped(1);
      return;
    }
    this.live.set(key, update);
    this.liveBytes += size;
    this.requestFlush();
  }

  /** Forget unsent updates of a channel (after unsubscribe). */
  protected dropLive(channel: string): void {
    for (const [key, update] of this.live) {
      if (key === channel || key.startsWith(`${channel}|`)) {
        this.live.delete(key);
        this.liveBytes -= update.dataJson.length;
      }
    }
  }

  /**
   * Send a frame now (hello, subscribed, error, pong...). A client that keeps asking without
   * reading the answers is treated as slow.
   */
  protected sendControl(frame: Buffer): void {
    if (this.closed) return;
    if (this.sink.bufferedBytes > this.context.settings.WS_QUEUE_BYTES) {
      this.closeSlow();
      return;
    }
    this.sink.write([frame]);
    this.countOut(1);
  }

  /** Called when a queue overflows: the slow-client policy decides between gap and disconnect. */
  protected onOverflow(): void {
    if (this.context.settings.WS_SLOW_CLIENT === 'disconnect') this.closeSlow();
  }

  protected abstract encodeLive(update: LiveUpdate): Buffer;
  /** Append the frames of the client's event feeds. */
  protected abstract pullFeeds(out: Buffer[]): void;
  protected abstract feedBytes(): number;
  protected abstract countOut(frames: number): void;
  protected abstract countDropped(messages: number): void;
  /** Disconnect because the client does not keep up. */
  protected abstract closeSlow(): void;
  /** Release everything the connection holds; idempotent. */
  abstract dispose(): void;
}
