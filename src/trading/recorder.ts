/**
 * Drains the engine's outbox off the hot path: events go to the EventLog in batches (one append
 * per batch of up to 1000, in order), and changed state goes to the state store. A failed write
 * is kept and retried, so nothing the engine produced is dropped while the store is down.
 */
import type { EventInput } from '../events/index.js';
import type { PaperEngine } from './engine.js';
import type { StateChanges } from './model.js';
import type { TradingStateStore } from './state-store.js';

const BATCH = 1000;
const RETRY_MS = 1000;

export interface RecorderDeps {
  engine: PaperEngine;
  state: TradingStateStore;
  emit: (...events: EventInput[]) => Promise<unknown>;
  onError: (error: unknown, what: string) => void;
}

export class EngineRecorder {
  private running: Promise<void> | null = null;
  private scheduled = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private unsaved: StateChanges | null = null;

  constructor(private readonly deps: RecorderDeps) {}

  /** Flush soon (after the current burst of ticks), without waiting. */
  schedule(): void {
    if (this.scheduled || this.running) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  /** Resolves once everything the engine produced so far is recorded (or failed and queued for retry). */
  flush(): Promise<void> {
    if (!this.running) {
      this.running = this.drain().finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  async close(): Promise<void> {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    await this.flush();
  }

  private async drain(): Promise<void> {
    const { engine } = this.deps;
    while (engine.hasOutput() || this.unsaved) {
      const changes = engine.takeChanges();
      if (changes) this.unsaved = this.unsaved ? merge(this.unsaved, changes) : changes;
      if (this.unsaved) {
        try {
          await this.deps.state.save(this.unsaved);
          this.unsaved = null;
        } catch (error) {
          this.deps.onError(error, 'paper state save');
          this.retryLater();
        }
      }
      const events = engine.takeEvents();
      for (let i = 0; i < events.length; i += BATCH) {
        try {
          await this.deps.emit(...events.slice(i, i + BATCH));
        } catch (error) {
          engine.requeueEvents(events.slice(i));
          this.deps.onError(error, 'paper event append');
          this.retryLater();
          return;
        }
      }
      if (this.unsaved) return;
    }
  }

  private retryLater(): void {
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.flush();
    }, RETRY_MS);
    this.retryTimer.unref();
  }
}

function merge(older: StateChanges, newer: StateChanges): StateChanges {
  return {
    account: newer.account,
    positions: newer.positions,
    orders: [...older.orders, ...newer.orders],
    equity: [...older.equity, ...newer.equity],
  };
}
