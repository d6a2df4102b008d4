/** /events, /events/{id}, /traces/{trace_id}: append and query the event store. */
import Type from 'typebox';
import { type EventLog, type EventQuery, MAX_BATCH_EVENTS, type StoredEvent } from '../../events/index.js';
import { NotFoundError } from '../../shared/errors.js';
import { parseEventFilter, parseTimeWindow } from '../query.js';
import type { HttpApp } from '../server.js';

const EventBody = Type.Object(
  {
    ts: Type.Optional(Type.String({ description: 'ISO-8601 event time; defaults to now' })),
    event_type: Type.String({ description: 'UPPER_SNAKE, e.g. ORDER_NEW' }),
    severity: Type.Optional(Type.String({ description: 'debug | info | warning | error | critical' })),
    symbol: Type.Optional(Type.String({ description: 'BTC/USDT or BTCUSDT' })),
    trace_id: Type.Optional(Type.String()),
    source: Type.Optional(Type.String()),
    payload: Type.Optional(Type.Unknown({ description: 'JSON object, at most 64 KiB' })),
  },
  { additionalProperties: true },
);

export const EventsQuery = Type.Object({
  event_type: Type.Optional(Type.String({ description: 'CSV of event types' })),
  symbol: Type.Optional(Type.String({ description: 'exact symbol; BTCUSDT and BTC/USDT are the same' })),
  trace_id: Type.Optional(Type.String()),
  since_iso: Type.Optional(Type.String({ description: 'inclusive start, ISO-8601' })),
  until_iso: Type.Optional(Type.String({ description: 'exclusive end, ISO-8601' })),
  day: Type.Optional(Type.String({ description: 'UTC day YYYY-MM-DD' })),
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: 30, default: 1, description: 'last N days' })),
  q: Type.Optional(Type.String({ description: 'full-text search over event type and payload' })),
  severity: Type.Optional(Type.String({ description: 'minimum severity' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
  before_id: Type.Optional(Type.Integer({ minimum: 0 })),
  after_id: Type.Optional(Type.Integer({ minimum: 0 })),
  order: Type.Optional(Type.Union([Type.Literal('desc'), Type.Literal('asc')], { default: 'desc' })),
});

export function registerEventRoutes(app: HttpApp, log: EventLog): void {
  app.post(
    '/events',
    {
      schema: {
        tags: ['events'],
        summary: `Append one event or a batch of up to ${MAX_BATCH_EVENTS}; answers after commit`,
        body: Type.Union([EventBody, Type.Array(Type.Unknown())]),
      },
      // The event validator names the exact field (events[3].ts); schema checks here would hide it.
      validatorCompiler: () => () => true,
    },
    async (request, reply) => {
      const stored = await log.appendRaw(request.body);
      return reply.status(201).send({ ids: stored.map((event) => event.id) });
    },
  );

  app.get(
    '/events',
    {
      schema: {
        tags: ['events'],
        summary: 'Query events with filters and cursor pagination',
        querystring: EventsQuery,
      },
    },
    async (request) => {
      const params = request.query;
      const window = parseTimeWindow(params);
      const query: EventQuery = {
        ...parseEventFilter(params),
        ...window,
        limit: params.limit ?? 200,
        order: params.order ?? 'desc',
      };
      if (params.before_id !== undefined) query.beforeId = params.before_id;
      if (params.after_id !== undefined) query.afterId = params.after_id;
      const page = await log.store.query(query);
      return { events: page.events, next_cursor: page.nextCursor };
    },
  );

  app.get(
    '/events/:id',
    {
      schema: {
        tags: ['events'],
        summary: 'One event by id',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
      },
    },
    async (request) => {
      const event = await log.store.get(request.params.id);
      if (!event) throw new NotFoundError(`event ${request.params.id} not found`);
      return event;
    },
  );

  app.get(
    '/traces/:trace_id',
    {
      schema: {
        tags: ['events'],
        summary: "A trace's whole story, oldest first",
        params: Type.Object({ trace_id: Type.String({ minLength: 1, maxLength: 128 }) }),
      },
    },
    async (request) => {
      const events = await log.store.trace(request.params.trace_id);
      if (events.length === 0) throw new NotFoundError(`trace ${request.params.trace_id} not found`);
      return traceStory(request.params.trace_id, events);
    },
  );
}

export function traceStory(traceId: string, events: StoredEvent[]) {
  const times = events.map((event) => Date.parse(event.ts));
  const first = Math.min(...times);
  const last = Math.max(...times);
  return {
    trace_id: traceId,
    count: events.length,
    first_ts: new Date(first).toISOString(),
    last_ts: new Date(last).toISOString(),
    duration_ms: last - first,
    events,
  };
}
