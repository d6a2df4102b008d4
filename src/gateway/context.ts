/**
 * What every connection shares: settings, store and bus, the flush scheduler that coalesces
 * writes, the live hubs, the channel index and the counters behind the metrics.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { EventBus } from '../bus/index.js';
import type { SettingsOf } from '../config/settings.js';
import type { EventStore } from '../events/index.js';
import type { LiveUpdate } from './frames.js';
import type { GATEWAY_SETTINGS } from './settings.js';

export type GatewaySettings = SettingsOf<typeof GATEWAY_SETTINGS>;

/** Hot-path counters: plain numbers, turned into Prometheus metrics when scraped. */
export interface GatewayCounters {
  wsMessagesOut: number;
  sseMessagesOut: number;
  wsDropped: number;
  sseDropped: number;
}

export interface Flushable {
  /** Set while the connection waits in the scheduler's list. */
  flushQueued: boolean;
  flush(): void;
}

/**
 * Flushes run in a later turn of the event loop, so that every event published in this turn
 * (a group commit publishes many) leaves in one write per connection.
 */
export class FlushScheduler {
  private pending: Flushable[] = [];
  private scheduled = false;

  schedule(target: Flushable): void {
    if (target.flushQueued) return;
    target.flushQueued = true;
    this.pending.push(target);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.run);
    }
  }

  private readonly run = (): void => {
    this.scheduled = false;
    const targets = this.pending;
    this.pending = [];
    for (const target of targets) {
      target.flushQueued = false;
      target.flush();
    }
  };
}

/** A connection that receives live updates (ticks, portfolio, metrics, broadcasts). */
export interface LiveSubscriber {
  /** Queue `update`; a later update with the same `key` replaces it if it is still unsent (conflation). */
  pushLive(key: string, update: LiveUpdate): void;
}

export interface GatewayContext {
  readonly settings: GatewaySettings;
  readonly store: EventStore;
  readonly bus: EventBus;
  readonly scheduler: FlushScheduler;
  readonly counters: GatewayCounters;
  readonly log: FastifyBaseLogger;
}
