/**
 * The edge guard for REST routes: an API key on secured path prefixes when API_KEYS is set, an
 * admin key for changing configuration when ADMIN_API_KEYS is set, and token-bucket rate limiting.
 * Health, readiness, status and metrics stay open so that probes and Prometheus always work.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { SettingsOf } from '../config/settings.js';
import type { CORE_SETTINGS } from '../config/core.js';
import { ForbiddenError, RateLimitedError, UnauthorizedError } from '../shared/errors.js';
import type { RateLimiter } from './ratelimit/limiter.js';
import type { HttpApp } from './server.js';
import type { HTTP_GUARD_SETTINGS } from './settings.js';

const ALWAYS_OPEN = new Set(['/livez', '/readyz', '/healthz', '/metrics/prom', '/status']);

type GuardConfig = Pick<SettingsOf<typeof CORE_SETTINGS>, 'API_KEYS' | 'ADMIN_API_KEYS'> & SettingsOf<typeof HTTP_GUARD_SETTINGS>;

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Constant-time membership test, so response timing reveals nothing about valid keys. */
export function keyMatches(candidate: string | undefined, keys: readonly string[]): boolean {
  if (candidate === undefined || candidate === '') return false;
  const wanted = digest(candidate);
  let found = false;
  for (const key of keys) if (timingSafeEqual(wanted, digest(key))) found = true;
  return found;
}

export function apiKeyOf(request: FastifyRequest): string | undefined {
  const header = request.headers['x-api-key'];
  return Array.isArray(header) ? header[0] : header;
}

function isSecured(path: string, prefixes: readonly string[]): boolean {
  if (ALWAYS_OPEN.has(path)) return false;
  return prefixes.some((prefix) => path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`));
}

function changesConfiguration(request: FastifyRequest, path: string): boolean {
  return request.method !== 'GET' && (path === '/config' || path.startsWith('/config/'));
}

export function installGuard(app: HttpApp, config: GuardConfig, limiter: RateLimiter): void {
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?', 1)[0]!;
    if (request.method === 'OPTIONS' || !isSecured(path, config.SECURED_PATH_PREFIXES)) return;
    const key = apiKeyOf(request);
    if (config.API_KEYS.length > 0 && !keyMatches(key, config.API_KEYS) && !keyMatches(key, config.ADMIN_API_KEYS)) {
      throw new UnauthorizedError('X-API-Key header missing or not a valid API key');
    }
    if (config.ADMIN_API_KEYS.length > 0 && changesConfiguration(request, path) && !keyMatches(key, config.ADMIN_API_KEYS)) {
      throw new ForbiddenError('changing the configuration needs an admin API key');
    }
    if (!config.RATE_LIMIT_ENABLED) return;
    const bucket = config.RATE_LIMIT_BY === 'key' && key ? `key:${digest(key).toString('hex').slice(0, 32)}` : `ip:${request.ip}`;
    const policy = { max: config.RL_MAX, windowMs: config.RL_WINDOW_SEC * 1000, burst: config.RL_BURST };
    const decision = await limiter.take(bucket, policy);
    void reply.header('x-ratelimit-limit', String(config.RL_BURST));
    void reply.header('x-ratelimit-remaining', String(decision.remaining));
    if (!decision.allowed) {
      const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
      throw new RateLimitedError(`rate limit exceeded: ${config.RL_MAX} requests per ${config.RL_WINDOW_SEC} s, burst ${config.RL_BURST}; retry in ${seconds} s`, seconds);
    }
  });
}
