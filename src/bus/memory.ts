/** In-process adapter of the Bus port: a synchronous fan-out to the subscribers of this process. */
import type { StoredEvent } from '../events/model.js';
import type { EventFilter } from '../events/store.js';
import type { BusListener, BusQueue, EventBus, QueueOptions } from './bus.js';
import { Fanout } from './fanout.js';

export class InProcessBus implements EventBus {
  readonly kind = 'memory';
  private readonly fanout: Fanout;

  constructor(onSubscriberError: (error: unknown) => void = () => {}) {
    this.fanout = new Fanout(onSubscriberError);
  }

  publish(events: readonly StoredEvent[]): void {
    this.fanout.deliverEvents(events);
  }

  subscribe(listener: BusListener, filter?: EventFilter): () => void {
    return this.fanout.addListener(listener, filter);
  }

  openQueue(options: QueueOptions): BusQueue {
    return this.fanout.openQueue(options);
  }

  async close(): Promise<void> {
    this.fanout.clear();
  }
}
