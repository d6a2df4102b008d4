/** In-process adapter of the Bus port: a synchronous fan-out to listeners in this process. */
import type { StoredEvent } from '../events/model.js';
import type { BusListener, EventBus } from './bus.js';

export class InProcessBus implements EventBus {
  readonly kind = 'memory';
  private readonly listeners = new Set<BusListener>();

  constructor(private readonly onListenerError: (error: unknown) => void = () => {}) {}

  publish(events: readonly StoredEvent[]): void {
    if (events.length === 0) return;
    for (const listener of this.listeners) {
      try {
        listener(events);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  subscribe(listener: BusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}
