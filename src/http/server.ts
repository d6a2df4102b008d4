/**
 * The Fastify server: OpenAPI at /docs, CORS, body limit, error mapping, request metrics.
 * Routes are registered by the composition root (`app/`), one `register…Routes` per domain.
 */
import cors from '@fastify/cors';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type RawServerDefault,
} from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Metrics } from '../observability/metrics.js';
import { installErrorHandling } from './errors.js';

export type HttpApp = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

export interface HttpServerOptions {
  version: string;
  corsOrigins: readonly string[];
  bodyLimitBytes: number;
  logLevel: string;
  trustProxy: boolean;
  metrics: Metrics;
}

export async function createHttpServer(options: HttpServerOptions): Promise<HttpApp> {
  const app = Fastify({
    bodyLimit: options.bodyLimitBytes,
    logger: {
      level: options.logLevel,
      redact: [
        'req.headers["x-api-key"]',
        'req.headers.authorization',
        'req.query.api_key',
        'req.query.token',
      ],
    },
    // Per-request lines would dominate the log at our request rates; latency goes to Prometheus.
    logController: new LogController({ disableRequestLogging: true }),
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: false } },
    forceCloseConnections: true,
    trustProxy: options.trustProxy,
  }).withTypeProvider<TypeBoxTypeProvider>();

  installErrorHandling(app);

  const origins = options.corsOrigins.includes('*') ? true : [...options.corsOrigins];
  await app.register(cors, { origin: origins, methods: ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'] });

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'LeviBot API',
        description: 'Signal intelligence, paper trading and the event store',
        version: options.version,
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  // `curl -X POST /start` sends no body: read it as an empty object so optional-field bodies validate.
  app.addHook('preValidation', (request, _reply, done) => {
    if (request.body === undefined && (request.method === 'POST' || request.method === 'PUT'))
      request.body = {};
    done();
  });

  app.addHook('onResponse', (request, reply, done) => {
    options.metrics.httpDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
    done();
  });

  return app;
}
