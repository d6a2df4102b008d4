/**
 * The EventLog is how every component records what happened: validate, append durably, then
 * publish (DESIGN.md invariant 1, "append, then publish").
 */
import type { EventBus } from '../bus/bus.js';
import type { Metrics } from '../observability/metrics.js';
import { ValidationError } from '../shared/errors.js';
import { type EventInput, type NewEvent, type StoredEvent, toNewEvent } from './model.js';
import type { EventStore } from './store.js';

export const MAX_BATCH_EVENTS = 1000;

export class EventLog {
  constructor(
    readonly store: EventStore,
    private readonly bus: EventBus,
    private readonly metrics?: Metrics,
  ) {}

  /**
   * Validate raw input (one event or a batch) from outside; nothing is stored unless every event
   * is valid. Field names in errors carry the batch index (`events[3].ts`).
   */
  async appendRaw(body: unknown): Promise<StoredEvent[]> {
    const now = Date.now();
    if (Array.isArray(body)) {
      if (body.length === 0) throw new ValidationError('events: the batch is empty', 'events');
      if (body.length > MAX_BATCH_EVENTS) {
        throw ValidationError.forField(
          'events',
          `at most ${MAX_BATCH_EVENTS} events per request (got ${body.length})`,
        );
      }
      return this.appendValid(body.map((raw, index) => toNewEvent(raw, `events[${index}]`, now)));
    }
    return this.appendValid([toNewEvent(body, '', now)]);
  }

  /** Record events produced inside LeviBot. */
  async emit(...inputs: EventInput[]): Promise<StoredEvent[]> {
    const now = Date.now();
    return this.appendValid(inputs.map((input) => toNewEvent(input, '', now)));
  }

  async appendValid(events: NewEvent[]): Promise<StoredEvent[]> {
    const started = performance.now();
    const stored = await this.store.append(events);
    if (this.metrics) {
      this.metrics.storeAppendSeconds.observe((performance.now() - started) / 1000);
      this.metrics.storeAppendBatchSize.observe(stored.length);
      for (const event of stored) this.metrics.eventsTotal.inc({ event_type: event.event_type });
    }
    this.bus.publish(stored);
    return stored;
  }
}
