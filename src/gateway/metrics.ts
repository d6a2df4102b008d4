/**
 * The gateway's Prometheus metrics. Hot paths bump plain counters (GatewayCounters); they become
 * metric values when Prometheus scrapes.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import { channelFamily } from './channels.js';
import type { GatewayCounters } from './context.js';

export interface GatewayGauges {
  counters: GatewayCounters;
  wsConnections(): number;
  sseConnections(): number;
  queuedBytes(): number;
  /** Subscriptions per channel name. */
  subscriptions(): Record<string, number>;
}

export type RefusalReason = 'unauthorized' | 'max_connections' | 'per_ip' | 'bad_request';

export class GatewayMetrics {
  readonly refused: Counter<'reason'>;

  constructor(registry: Registry, source: GatewayGauges) {
    const reported = { wsOut: 0, sseOut: 0, wsDropped: 0, sseDropped: 0 };
    const catchUp = (
      counter: Counter<'transport'>,
      transport: 'ws' | 'sse',
      total: number,
      key: keyof typeof reported,
    ) => {
      counter.inc({ transport }, total - reported[key]);
      reported[key] = total;
    };
    new Gauge({
      name: 'levibot_ws_conns',
      help: 'Open WebSocket connections (/ws and /ws/events)',
      registers: [registry],
      collect() {
        this.set(source.wsConnections());
      },
    });
    new Gauge({
      name: 'levibot_sse_conns',
      help: 'Open Server-Sent Events streams',
      registers: [registry],
      collect() {
        this.set(source.sseConnections());
      },
    });
    new Counter({
      name: 'levibot_ws_msgs_out_total',
      help: 'Frames written to streaming clients',
      labelNames: ['transport'],
      registers: [registry],
      collect() {
        catchUp(this, 'ws', source.counters.wsMessagesOut, 'wsOut');
        catchUp(this, 'sse', source.counters.sseMessagesOut, 'sseOut');
      },
    });
    new Counter({
      name: 'levibot_ws_msgs_drop_total',
      help: 'Messages dropped because a client queue was full (the client got a gap and resumed from the store)',
      labelNames: ['transport'],
      registers: [registry],
      collect() {
        catchUp(this, 'ws', source.counters.wsDropped, 'wsDropped');
        catchUp(this, 'sse', source.counters.sseDropped, 'sseDropped');
      },
    });
    new Gauge({
      name: 'levibot_ws_subscriptions',
      help: 'Channel subscriptions on /ws, by channel (ticks:<SYMBOL> counted as ticks)',
      labelNames: ['channel'],
      registers: [registry],
      collect() {
        this.reset();
        const families: Record<string, number> = {};
        for (const [channel, count] of Object.entries(source.subscriptions())) {
          const family = channelFamily(channel);
          families[family] = (families[family] ?? 0) + count;
        }
        for (const [channel, count] of Object.entries(families)) this.set({ channel }, count);
      },
    });
    new Gauge({
      name: 'levibot_ws_queued_bytes',
      help: 'Bytes waiting to be sent to streaming clients (queues and socket buffers)',
      registers: [registry],
      collect() {
        this.set(source.queuedBytes());
      },
    });
    this.refused = new Counter({
      name: 'levibot_ws_refused_total',
      help: 'Streaming connections refused, by reason',
      labelNames: ['reason'],
      registers: [registry],
    });
  }
}
