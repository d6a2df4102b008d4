/**
 * Puts committed events from several sources (this instance's own publishes, a broker stream,
 * store reads) back into one gap-free, duplicate-free, ascending stream.
 *
 * It relies on the stores' guarantee that commit order equals id order: once id N has been seen
 * committed, every smaller id is committed or never will be. So a missing id is first awaited
 * briefly (it is usually in flight through the broker), then read from the store; an id the store
 * does not have either is a hole (a rolled-back transaction) and is skipped.
 */
import type { StoredEvent } from '../events/model.js';
import { BusMessage } from './message.js';

export interface OrderedRelayOptions {
  /** First id to deliver is `startAfter + 1`. */
  startAfter: number;
  /** Committed events with id > afterId, ascending, at most `limit`. */
  readAfter: (afterId: number, limit: number) => Promise<StoredEvent[]>;
  deliver: (messages: BusMessage[]) => void;
  onError: (error: unknown) => void;
  /** How long a missing id may stay in flight before the store is asked. @default 20 */
  gapWaitMs?: number;
}

const READ_LIMIT = 1000;
const RETRY_MS = 500;

export class OrderedRelay {
  private last: number;
  private readonly pending = new Map<number, BusMessage>();
  private filling = false;
  private gapTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** Times the store had to fill a gap (for status and tests). */
  gapFills = 0;

  constructor(private readonly options: OrderedRelayOptions) {
    this.last = options.startAfter;
  }

  get lastDelivered(): number {
    return this.last;
  }

  offer(messages: readonly BusMessage[]): void {
    for (const message of messages) {
      if (message.id > this.last && !this.pending.has(message.id)) this.pending.set(message.id, message);
    }
    this.drain();
  }

  /** Read everything committed after the last delivered id (after a broker outage, or as a safety net). */
  async catchUp(): Promise<void> {
    for (;;) {
      const events = await this.options.readAfter(this.last, READ_LIMIT);
      this.offer(events.map((event) => new BusMessage(event)));
      if (events.length < READ_LIMIT || this.stopped) return;
    }
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.gapTimer);
    this.pending.clear();
  }

  private drain(): void {
    if (this.filling || this.stopped) return;
    const ready = this.takeContiguous();
    if (ready.length > 0) this.options.deliver(ready);
    if (this.pending.size === 0) {
      clearTimeout(this.gapTimer);
      this.gapTimer = undefined;
    } else if (this.gapTimer === undefined) {
      this.gapTimer = setTimeout(() => void this.fill(), this.options.gapWaitMs ?? 20);
    }
  }

  private takeContiguous(): BusMessage[] {
    const ready: BusMessage[] = [];
    for (let next = this.pending.get(this.last + 1); next; next = this.pending.get(this.last + 1)) {
      this.pending.delete(next.id);
      this.last = next.id;
      ready.push(next);
    }
    return ready;
  }

  private async fill(): Promise<void> {
    this.gapTimer = undefined;
    if (this.filling || this.stopped) return;
    this.filling = true;
    try {
      for (;;) {
        const ready = this.takeContiguous();
        if (ready.length > 0) this.options.deliver(ready);
        if (this.pending.size === 0 || this.stopped) break;
        const next = Math.min(...this.pending.keys());
        const events = await this.options.readAfter(this.last, Math.min(READ_LIMIT, next - this.last - 1));
        const missing = events.filter((event) => event.id > this.last && event.id < next);
        this.gapFills++;
        if (missing.length === 0) {
          this.last = next - 1;
          continue;
        }
        this.last = missing[missing.length - 1]!.id;
        this.options.deliver(missing.map((event) => new BusMessage(event)));
      }
    } catch (error) {
      this.options.onError(error);
      if (!this.stopped) this.gapTimer = setTimeout(() => void this.fill(), RETRY_MS);
    } finally {
      this.filling = false;
    }
    if (this.gapTimer === undefined) this.drain();
  }
}
