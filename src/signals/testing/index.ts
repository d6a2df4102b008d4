/**
 * Test helpers of the signals domain: fixture files, a temporary DATA_DIR, a real event log on a
 * temporary SQLite store, and an in-memory OrderPort. Not part of the build.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InProcessBus } from '../../bus/index.js';
import { EventLog, SqliteEventStore } from '../../events/index.js';
import type { OrderOutcome, OrderPort, OrderRequest, PlaceOrderOptions } from '../../trading/port.js';
import { readLabelled } from '../evaluation.js';
import { SHIPPED_DATASET, SignalDataset } from '../learning/dataset.js';
import type { LabelledText } from '../learning/train.js';

const fixture = (path: string) =>
  fileURLToPath(new URL(`../../../fixtures/signals/${path}`, import.meta.url));

export const FIXTURES = {
  sharedDev: fixture('shared/dev.jsonl'),
  ownDev: fixture('own/dev.jsonl'),
  ownHoldout: fixture('own/holdout.jsonl'),
};

export const sharedDev = () => readLabelled(FIXTURES.sharedDev);
export const ownDev = () => readLabelled(FIXTURES.ownDev);
export const ownHoldout = () => readLabelled(FIXTURES.ownHoldout);

/** The shipped training examples. */
export function shippedExamples(): LabelledText[] {
  return new SignalDataset(
    { shipped: SHIPPED_DATASET, user: join(tmpdir(), 'levibot-no-user-dataset.jsonl') },
    1e9,
  ).examples();
}

export function tempDir(prefix = 'levibot-signals-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A real EventLog on a SQLite store in a temporary folder. */
export function openTestLog(): { log: EventLog; close: () => Promise<void> } {
  const { dir, remove } = tempDir('levibot-events-');
  const store = new SqliteEventStore({ file: join(dir, 'events.db') });
  const log = new EventLog(store, new InProcessBus());
  return {
    log,
    close: async () => {
      await store.close();
      remove();
    },
  };
}

/**
 * An OrderPort that accepts (or refuses, or fails) every order and remembers them. Like the paper
 * engine, it records an order's `announce` event; it has no order events of its own to follow it.
 */
export class InMemoryOrderPort implements OrderPort {
  readonly requests: OrderRequest[] = [];
  private next = 1;
  private log: EventLog | undefined;

  constructor(
    private behaviour:
      'accept' | { refuse: 'rejected' | 'blocked'; reason: string } | { fail: string } = 'accept',
  ) {}

  set(behaviour: InMemoryOrderPort['behaviour']): void {
    this.behaviour = behaviour;
  }

  /** Where `announce` events go. */
  recordTo(log: EventLog): void {
    this.log = log;
  }

  async placeOrder(request: OrderRequest, options: PlaceOrderOptions = {}): Promise<OrderOutcome> {
    this.requests.push(request);
    const outcome = this.answer(request);
    const announcement = options.announce?.(outcome);
    if (announcement && this.log) await this.log.emit(announcement);
    return outcome;
  }

  private answer(request: OrderRequest): OrderOutcome {
    const behaviour = this.behaviour;
    if (behaviour === 'accept') {
      const notional = request.notional_usd ?? 0;
      return {
        status: 'accepted',
        order_id: `paper-${this.next++}`,
        notional_usd: notional,
        qty: notional / 100,
        sl: request.sl ?? null,
        tp: request.tp ?? null,
      };
    }
    if ('fail' in behaviour) throw new Error(behaviour.fail);
    return { status: behaviour.refuse, reason: behaviour.reason };
  }
}
