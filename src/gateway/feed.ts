/**
 * One filtered, ordered stream of events for one connection: history read from the store after
 * a cursor, then live events from the bus, with no gap and no duplicate across the switch
 * (DESIGN.md invariant 2).
 *
 * The live queue is opened before anything is read, so every event committed from then on is
 * either read from the store or queued; de-duplication by id joins the two. History is read one
 * page at a time, only as fast as the connection writes, so a resume from id 0 never holds more
 * than a page in memory. If the live queue overflows while history is read, nothing is lost: the
 * queue is emptied and reading continues from the store.
 */
import type { BusQueue, EventBus } from '../bus/index.js';
import { BusMessage } from '../bus/index.js';
import type { EventFilter, EventStore, StoredEvent } from '../events/index.js';

/** Events per history read. */
export const HISTORY_PAGE = 500;

export interface FeedEncoder {
  event(message: BusMessage): Buffer;
  gap(lastId: number): Buffer;
}

export interface FeedOptions {
  store: EventStore;
  bus: EventBus;
  filter: EventFilter;
  /** Resume after this id; null: only events committed after the feed starts. */
  sinceId: number | null;
  maxQueueBytes: number;
  encoder: FeedEncoder;
  /**
   * After a live overflow: `resync` sends the gap frame and continues from the store by itself;
   * `stop` sends the gap frame and ends the feed (the client resumes with since_id).
   */
  afterGap: 'resync' | 'stop';
  /** There is something to pull. */
  onReadable: () => void;
  /** The live queue dropped its first message since the client last caught up (the slow-client policy may disconnect). */
  onOverflow: () => void;
  /** Messages dropped by the live queue, as they are dropped. */
  onDropped: (count: number) => void;
  /** A history read failed; the feed is stopped. */
  onError: (error: unknown) => void;
}

type FeedState = 'new' | 'history' | 'live' | 'stopped';

export class EventFeed {
  private state: FeedState = 'new';
  private queue: BusQueue | null = null;
  /** Id of the last event handed to the connection (or the resume point). */
  private cursor = 0;
  private page: StoredEvent[] | null = null;
  private reading = false;

  constructor(private readonly options: FeedOptions) {}

  /** Open the live queue, then read the store head. Resolves with the head id (`last_id` of hello frames). */
  async start(): Promise<number> {
    const { bus, store, filter, maxQueueBytes } = this.options;
    this.queue = bus.openQueue({
      filter,
      maxBytes: maxQueueBytes,
      onReadable: () => {
        if (this.state === 'live') this.options.onReadable();
      },
      onDrop: (first) => {
        this.options.onDropped(1);
        // Overflowing while history is read loses nothing (the store has it): not the client's fault.
        if (first && this.state === 'live') this.options.onOverflow();
      },
    });
    const head = await store.lastId();
    if (this.state === 'stopped') return head;
    const since = this.options.sinceId;
    // A resume point beyond the head comes from another (reset) store: resume from the head.
    this.cursor = since === null ? head : Math.min(since, head);
    if (since === null || this.cursor === head) {
      this.state = 'live';
      if (this.queue.queuedBytes > 0) this.options.onReadable();
    } else {
      this.state = 'history';
      this.readNext();
    }
    return head;
  }

  get lastId(): number {
    return this.cursor;
  }

  get queuedBytes(): number {
    return this.queue?.queuedBytes ?? 0;
  }

  get stopped(): boolean {
    return this.state === 'stopped';
  }

  /** Append the frames ready to send; returns how many are events. */
  pull(out: Buffer[]): number {
    if (this.state === 'history') return this.pullHistory(out);
    if (this.state === 'live') return this.pullLive(out);
    return 0;
  }

  stop(): void {
    if (this.state === 'stopped' && this.queue === null) return;
    this.state = 'stopped';
    this.page = null;
    if (!this.queue) return;
    this.queue.close();
    this.queue = null;
  }

  private pullHistory(out: Buffer[]): number {
    const page = this.page;
    if (page === null) return 0;
    this.page = null;
    let sent = 0;
    const encoder = this.options.encoder;
    for (const event of page) {
      if (event.id <= this.cursor) continue;
      out.push(encoder.event(new BusMessage(event)));
      this.cursor = event.id;
      sent++;
    }
    if (page.length === HISTORY_PAGE) {
      this.readNext();
      return sent;
    }
    // Caught up with the store: everything newer is in the live queue, unless it overflowed.
    const batch = this.queue!.take();
    if (batch.gap !== null) {
      this.readNext();
      return sent;
    }
    this.state = 'live';
    return sent + this.appendLive(batch.messages, out);
  }

  private pullLive(out: Buffer[]): number {
    const batch = this.queue!.take();
    const sent = this.appendLive(batch.messages, out);
    if (batch.gap === null) return sent;
    out.push(this.options.encoder.gap(this.cursor));
    if (this.options.afterGap === 'stop') {
      this.stop();
    } else {
      this.state = 'history';
      this.readNext();
    }
    return sent;
  }

  private appendLive(messages: readonly BusMessage[], out: Buffer[]): number {
    let sent = 0;
    const encoder = this.options.encoder;
    for (const message of messages) {
      if (message.id <= this.cursor) continue;
      out.push(encoder.event(message));
      this.cursor = message.id;
      sent++;
    }
    return sent;
  }

  private readNext(): void {
    if (this.reading) return;
    this.reading = true;
    this.options.store.readAfter(this.cursor, this.options.filter, HISTORY_PAGE).then(
      (events) => {
        this.reading = false;
        if (this.state !== 'history') return;
        this.page = events;
        this.options.onReadable();
      },
      (error: unknown) => {
        this.reading = false;
        if (this.state === 'stopped') return;
        this.stop();
        this.options.onError(error);
      },
    );
  }
}
