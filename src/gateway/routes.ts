/** HTTP side of the gateway: SSE streams and the management routes under /ws. */
import Type from 'typebox';
import type { HttpApp } from '../http/server.js';
import { parseEventFilter, parseSymbol } from '../http/query.js';
import { CHANNEL_DESCRIPTIONS, EVENT_TYPE_CHANNEL } from './channels.js';
import type { Gateway } from './gateway.js';
import { parseSinceId } from './protocol.js';

const Credentials = {
  api_key: Type.Optional(Type.String({ description: 'API key (or the X-API-Key header)' })),
  token: Type.Optional(Type.String({ description: 'HS256 JWT with exp (or Authorization: Bearer)' })),
};

const StreamEventsQuery = Type.Object({
  event_type: Type.Optional(Type.String({ description: 'CSV of event types' })),
  symbol: Type.Optional(Type.String({ description: 'BTC/USDT or BTCUSDT' })),
  q: Type.Optional(Type.String({ description: 'full-text search over event type and payload' })),
  severity: Type.Optional(Type.String({ description: 'minimum severity' })),
  trace_id: Type.Optional(Type.String()),
  since_id: Type.Optional(Type.String({ description: 'resume after this event id (Last-Event-ID wins)' })),
  ...Credentials,
});

const BroadcastBody = Type.Object({
  channel: Type.String({ description: 'channel name, e.g. status or ticks:BTC/USDT' }),
  data: Type.Unknown({ description: 'any JSON value, at most 64 KiB' }),
});

export function registerGatewayRoutes(app: HttpApp, gateway: Gateway): void {
  app.get(
    '/stream/events',
    {
      schema: {
        tags: ['stream'],
        summary: 'Server-Sent Events: filtered events, resumable with Last-Event-ID or since_id',
        querystring: StreamEventsQuery,
      },
    },
    async (request, reply) => {
      const filter = parseEventFilter(request.query);
      const header = request.headers['last-event-id'];
      // A reconnecting EventSource keeps its URL (and since_id) but sends Last-Event-ID: it wins.
      const sinceId =
        header !== undefined && header !== ''
          ? parseSinceId('Last-Event-ID', header)
          : parseSinceId('since_id', request.query.since_id);
      await gateway.openSse(request, reply, { kind: 'events', filter, sinceId });
    },
  );

  app.get(
    '/stream/ticks',
    {
      schema: {
        tags: ['stream'],
        summary: 'Server-Sent Events: live ticks of one symbol (all symbols without symbol)',
        querystring: Type.Object({ symbol: Type.Optional(Type.String()), ...Credentials }),
      },
    },
    async (request, reply) => {
      const symbol = parseSymbol('symbol', request.query.symbol) ?? '*';
      const hub = gateway.tickHub();
      await gateway.openSse(request, reply, { kind: 'ticks', hub, symbol, channel: `ticks:${symbol}` });
    },
  );

  app.get(
    '/stream/portfolio',
    {
      schema: {
        tags: ['stream'],
        summary: 'Server-Sent Events: portfolio snapshot now and then periodically',
        querystring: Type.Object(Credentials),
      },
    },
    async (request, reply) => {
      const hub = gateway.portfolioHub();
      await gateway.openSse(request, reply, { kind: 'portfolio', hub });
    },
  );

  app.get(
    '/ws/status',
    { schema: { tags: ['stream'], summary: 'Connections, subscriptions per channel, drops, queued bytes' } },
    async () => gateway.status(),
  );

  app.get(
    '/ws/channels',
    { schema: { tags: ['stream'], summary: 'Channels of the /ws protocol' } },
    async () => ({
      channels: Object.entries(CHANNEL_DESCRIPTIONS).map(([name, description]) => {
        const eventTypes = Object.entries(EVENT_TYPE_CHANNEL)
          .filter(([, channel]) => channel === name)
          .map(([type]) => type);
        return eventTypes.length > 0 ? { name, description, event_types: eventTypes } : { name, description };
      }),
    }),
  );

  app.post(
    '/ws/broadcast',
    {
      schema: {
        tags: ['stream'],
        summary: 'Send data to every /ws client on a channel (admin key when keys are on)',
        body: BroadcastBody,
        querystring: Type.Object(Credentials),
      },
    },
    async (request) => {
      await gateway.authenticator.authenticateAdmin(request);
      const delivered = gateway.broadcast(request.body.channel, request.body.data);
      return { channel: request.body.channel, delivered };
    },
  );
}
