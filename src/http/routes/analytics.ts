/** /analytics/*: aggregates over the event store for dashboards. */
import Type from 'typebox';
import type { EventStore } from '../../events/index.js';
import { ValidationError } from '../../shared/errors.js';
import { parseEventTypes } from '../query.js';
import type { HttpApp } from '../server.js';

const DAY_MS = 86_400_000;
const INTERVALS = { '1m': 60_000, '5m': 300_000, '15m': 900_000, '1h': 3_600_000 } as const;
const MAX_BUCKETS = 50_000;

const Days = Type.Integer({ minimum: 1, maximum: 365, default: 1 });

export function registerAnalyticsRoutes(app: HttpApp, store: EventStore): void {
  app.get(
    '/analytics/stats',
    {
      schema: {
        tags: ['analytics'],
        summary: 'Counts by event type, top 10 symbols and total over the last N days',
        querystring: Type.Object({ days: Type.Optional(Days) }),
      },
    },
    async (request) => {
      const days = request.query.days ?? 1;
      const stats = await store.stats(Date.now() - days * DAY_MS);
      return { days, total: stats.total, by_event_type: stats.byType, top_symbols: stats.topSymbols };
    },
  );

  app.get(
    '/analytics/timeseries',
    {
      schema: {
        tags: ['analytics'],
        summary: 'Event counts per time bucket (zero-filled)',
        querystring: Type.Object({
          interval: Type.Optional(Type.String({ description: '1m | 5m | 15m | 1h', default: '5m' })),
          days: Type.Optional(Days),
          event_type: Type.Optional(Type.String({ description: 'CSV of event types' })),
        }),
      },
    },
    async (request) => {
      const interval = request.query.interval ?? '5m';
      if (!Object.hasOwn(INTERVALS, interval)) {
        throw ValidationError.forField('interval', `must be one of ${Object.keys(INTERVALS).join(', ')}`);
      }
      const intervalMs = INTERVALS[interval as keyof typeof INTERVALS];
      const days = request.query.days ?? 1;
      const now = Date.now();
      const firstBucket = Math.floor((now - days * DAY_MS) / intervalMs) * intervalMs;
      if ((now - firstBucket) / intervalMs > MAX_BUCKETS) {
        throw ValidationError.forField('interval', `too fine for ${days} days (over ${MAX_BUCKETS} buckets)`);
      }
      const eventTypes = parseEventTypes('event_type', request.query.event_type);
      const sparse = await store.timeseries(firstBucket, intervalMs, eventTypes);
      const counts = new Map(sparse.map((bucket) => [Date.parse(bucket.t), bucket.count]));
      const buckets: { t: string; count: number }[] = [];
      for (let t = firstBucket; t <= now; t += intervalMs) {
        buckets.push({ t: new Date(t).toISOString(), count: counts.get(t) ?? 0 });
      }
      return { interval, days, buckets };
    },
  );

  app.get(
    '/analytics/traces',
    {
      schema: {
        tags: ['analytics'],
        summary: 'Top traces by event count, with first/last time and duration',
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 20 })),
          days: Type.Optional(Type.Integer({ minimum: 1, maximum: 365, default: 7 })),
        }),
      },
    },
    async (request) => {
      const days = request.query.days ?? 7;
      return { traces: await store.topTraces(Date.now() - days * DAY_MS, request.query.limit ?? 20) };
    },
  );
}
