/**
 * Live ticks for the instances that do not run the feed, over PostgreSQL NOTIFY. The leader
 * sends the last tick of each symbol that changed, every RELAY_INTERVAL_MS (throttled: a tick
 * stream can be thousands a second, and the followers only serve live views — candles and
 * history come from the tick store). A follower hands the ticks to its hub (`observe`), which
 * feeds its gateway's `ticks:*` channels and /market/last. A notification lost while a LISTEN
 * connection reconnects is simply replaced by the next one.
 */
import type { PgPool } from '../../shared/postgres.js';
import { notifyChannel, type PgListener } from '../../shared/postgres-listener.js';
import { decodeTicks, encodeTick } from '../codec.js';
import type { Tick, TickSource } from '../tick.js';

export interface PgTickRelayOptions {
  pool: PgPool;
  schema: string;
  listener: PgListener;
  /** @default 100 */
  intervalMs?: number;
  onError?: (error: unknown) => void;
}

/** NOTIFY payloads must stay under 8000 bytes; a few dozen symbols fit in one. */
const MAX_PAYLOAD_CHARS = 7000;

export class PgTickRelay {
  private readonly channel: string;

  constructor(private readonly options: PgTickRelayOptions) {
    this.channel = notifyChannel(options.schema, 'ticks');
  }

  /** Send the last tick per symbol of `source` to the other instances. Returns the stop function. */
  publish(source: TickSource): () => void {
    const latest = new Map<string, Tick>();
    // The hot path only overwrites a map entry.
    const unsubscribe = source.subscribeTicks('*', (tick) => latest.set(tick.symbol, tick));
    let sending = false;
    const timer = setInterval(() => {
      if (sending || latest.size === 0) return;
      const payloads = this.payloads(latest.values());
      latest.clear();
      sending = true;
      this.send(payloads)
        .catch((error: unknown) => this.options.onError?.(error))
        .finally(() => {
          sending = false;
        });
    }, this.options.intervalMs ?? 100);
    timer.unref();
    return () => {
      unsubscribe();
      clearInterval(timer);
    };
  }

  /** Deliver the leader's ticks to `sink`. Returns the stop function. */
  receive(sink: (tick: Tick) => void): () => void {
    return this.options.listener.listen(this.channel, (payload) => {
      for (const tick of decodeTicks(payload)) sink(tick);
    });
  }

  private payloads(ticks: Iterable<Tick>): string[] {
    const payloads: string[] = [];
    let parts: string[] = [];
    let size = 2;
    for (const tick of ticks) {
      const part = encodeTick(tick);
      if (parts.length > 0 && size + part.length + 1 > MAX_PAYLOAD_CHARS) {
        payloads.push(`[${parts.join(',')}]`);
        parts = [];
        size = 2;
      }
      parts.push(part);
      size += part.length + 1;
    }
    if (parts.length > 0) payloads.push(`[${parts.join(',')}]`);
    return payloads;
  }

  private async send(payloads: string[]): Promise<void> {
    for (const payload of payloads)
      await this.options.pool.query('SELECT pg_notify($1, $2)', [this.channel, payload]);
  }
}
