/**
 * The edge guard for REST routes under SECURED_PATH_PREFIXES: credentials (API key or JWT, see
 * `auth.ts`) when authentication is on, an admin for changing configuration or the risk policy,
 * and token-bucket rate limiting. Health, readiness, status and metrics stay open so that probes
 * and Prometheus always work.
 */
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { SettingsOf } from '../config/settings.js';
import { ForbiddenError, RateLimitedError } from '../shared/errors.js';
import { type AuthSettings, Authenticator, type Principal } from './auth.js';
import type { RateLimiter } from './ratelimit/limiter.js';
import type { HttpApp } from './server.js';
import type { HTTP_GUARD_SETTINGS } from './settings.js';

const ALWAYS_OPEN = new Set(['/livez', '/readyz', '/healthz', '/metrics/prom', '/status']);
const ADMIN_ROUTES = [/^\/config(?:\/|$)/, /^\/risk\/policy$/];

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Served without API key or rate limit: the web panel's pages, which hold no data (the panel
     * asks for the key and sends it with its own API calls). `/signals` is both a panel page and
     * a secured API prefix, so the path alone cannot tell.
     */
    open?: boolean;
  }
}

type GuardConfig = AuthSettings & SettingsOf<typeof HTTP_GUARD_SETTINGS>;

function isSecured(path: string, prefixes: readonly string[]): boolean {
  if (ALWAYS_OPEN.has(path)) return false;
  return prefixes.some(
    (prefix) => path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`),
  );
}

function needsAdmin(request: FastifyRequest, path: string): boolean {
  return request.method !== 'GET' && ADMIN_ROUTES.some((route) => route.test(path));
}

/** The rate-limit bucket: the caller's key or token subject when asked for, else the client IP. */
function bucketOf(request: FastifyRequest, principal: Principal, config: GuardConfig): string {
  if (config.RATE_LIMIT_BY === 'key') {
    const credential =
      request.headers['x-api-key'] ?? (request.query as Record<string, unknown>).api_key ?? principal.subject;
    if (typeof credential === 'string' && credential !== '') {
      return `key:${createHash('sha256').update(credential).digest('hex').slice(0, 32)}`;
    }
  }
  return `ip:${request.ip}`;
}

export function installGuard(app: HttpApp, config: GuardConfig, limiter: RateLimiter): void {
  const auth = new Authenticator(config);
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?', 1)[0]!;
    if (request.method === 'OPTIONS' || request.routeOptions.config.open === true) return;
    if (!isSecured(path, config.SECURED_PATH_PREFIXES)) return;
    const principal = await auth.authenticate({
      headers: request.headers,
      query: request.query as Record<string, unknown>,
    });
    if (needsAdmin(request, path) && !principal.admin) {
      throw new ForbiddenError(`${request.method} ${path} needs an admin key`);
    }
    if (!config.RATE_LIMIT_ENABLED) return;
    const policy = { max: config.RL_MAX, windowMs: config.RL_WINDOW_SEC * 1000, burst: config.RL_BURST };
    const decision = await limiter.take(bucketOf(request, principal, config), policy);
    void reply.header('x-ratelimit-limit', String(config.RL_BURST));
    void reply.header('x-ratelimit-remaining', String(decision.remaining));
    if (!decision.allowed) {
      const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
      throw new RateLimitedError(
        `rate limit exceeded: ${config.RL_MAX} requests per ${config.RL_WINDOW_SEC} s, burst ${config.RL_BURST}; retry in ${seconds} s`,
        seconds,
      );
    }
  });
}
