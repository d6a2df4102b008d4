/**
 * The one place where failures become HTTP responses: `{error, message, field?}`, never a stack.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import {
  ConflictError,
  ForbiddenError,
  LeviBotError,
  NotFoundError,
  RateLimitedError,
  UnauthorizedError,
  UnavailableError,
  ValidationError,
} from '../shared/errors.js';

export interface ErrorBody {
  error: string;
  message: string;
  field?: string;
}

function statusOf(error: LeviBotError): number {
  if (error instanceof ValidationError) return 400;
  if (error instanceof UnauthorizedError) return 401;
  if (error instanceof ForbiddenError) return 403;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ConflictError) return 409;
  if (error instanceof RateLimitedError) return 429;
  if (error instanceof UnavailableError) return 503;
  return 500;
}

/** Name the field of a schema-validation failure: `/limit` → `limit`, missing `text` → `text`. */
function schemaField(error: FastifyError): string | undefined {
  const first = error.validation?.[0];
  if (!first) return undefined;
  const path = first.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const missing = (first.params as { missingProperty?: string }).missingProperty;
  const field = [path, missing].filter(Boolean).join('.');
  return field || error.validationContext;
}

const FASTIFY_CLIENT_ERRORS: Record<string, { status: number; error: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, error: 'payload_too_large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, error: 'unsupported_media_type' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, error: 'invalid_json' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, error: 'invalid_json' },
};

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | LeviBotError | Error, request, reply) => {
    if (error instanceof LeviBotError) {
      const status = statusOf(error);
      const body: ErrorBody = { error: error.code, message: error.message };
      if (error instanceof ValidationError && error.field) body.field = error.field;
      if (error instanceof RateLimitedError)
        void reply.header('retry-after', String(error.retryAfterSeconds));
      if (status >= 500) request.log.error({ err: error }, 'request failed');
      return reply.status(status).send(body);
    }
    const fastifyError = error as FastifyError;
    if (fastifyError.validation) {
      const field = schemaField(fastifyError);
      const problem = fastifyError.validation[0]?.message ?? 'is invalid';
      const body: ErrorBody = {
        error: 'validation_error',
        message: field ? `${field}: ${problem}` : problem,
      };
      if (field) body.field = field;
      return reply.status(400).send(body);
    }
    const known = fastifyError.code ? FASTIFY_CLIENT_ERRORS[fastifyError.code] : undefined;
    if (known) return reply.status(known.status).send({ error: known.error, message: fastifyError.message });
    if (error instanceof SyntaxError) {
      return reply
        .status(400)
        .send({ error: 'invalid_json', message: `body: ${error.message}`, field: 'body' });
    }
    if (fastifyError.statusCode && fastifyError.statusCode < 500) {
      return reply
        .status(fastifyError.statusCode)
        .send({ error: 'bad_request', message: fastifyError.message });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send({ error: 'internal_error', message: 'internal server error' });
  });

  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      error: 'not_found',
      message: `route ${request.method} ${request.url.split('?')[0]} not found`,
    }),
  );
}
