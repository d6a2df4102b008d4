/** /signals/*: score a message, ingest it (record, score, route), list recent signals. */
import Type from 'typebox';
import { MAX_RECENT, type SignalService } from '../../signals/index.js';
import type { HttpApp } from '../server.js';

const ScoreBody = Type.Object({ text: Type.String({ description: 'The message, as posted' }) });
const IngestBody = Type.Object({
  text: Type.String({ description: 'The message, as posted' }),
  source: Type.String({
    description: 'Where it came from: api, telegram, panel... (letters, digits, _.:/-)',
  }),
  channel: Type.Optional(Type.String({ description: 'Channel or chat name' })),
});
const RecentQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_RECENT, default: 50 })),
});

// The service validates text/source/channel itself so that every error names its field the same
// way for HTTP, the CLI and Telegram; Fastify's schema here documents the API only.
const documentationOnly = { validatorCompiler: () => () => true };

export function registerSignalRoutes(app: HttpApp, signals: SignalService): void {
  app.post(
    '/signals/score',
    {
      schema: {
        tags: ['signals'],
        summary:
          'Extract and score a message: {label, confidence, reasons, fe}. Body {text}, or ?text= for compatibility',
        body: Type.Optional(ScoreBody),
        querystring: Type.Object({ text: Type.Optional(Type.String()) }),
      },
      ...documentationOnly,
    },
    async (request) => {
      const body = request.body as unknown;
      const query = request.query as { text?: unknown };
      const text =
        typeof body === 'string'
          ? body
          : body && typeof body === 'object' && 'text' in body
            ? (body as { text: unknown }).text
            : query.text;
      return signals.score(text);
    },
  );

  app.post(
    '/signals/ingest-and-score',
    {
      schema: {
        tags: ['signals'],
        summary: 'Record (SIGNAL_INGEST), score (SIGNAL_SCORED) and auto-route a message under one trace_id',
        body: IngestBody,
      },
      ...documentationOnly,
    },
    async (request) => signals.ingest(request.body),
  );

  app.get(
    '/signals/recent',
    {
      schema: { tags: ['signals'], summary: 'Latest scored signals, newest first', querystring: RecentQuery },
    },
    async (request) => ({ signals: await signals.recent(request.query.limit ?? 50) }),
  );
}
