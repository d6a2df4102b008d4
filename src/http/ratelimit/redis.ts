/**
 * Redis RateLimiter: one atomic Lua token bucket per key, timed by the Redis server's clock so that
 * every instance shares the same buckets whatever their own clocks say.
 */
import { Redis } from 'ioredis';
import type { RateLimitDecision, RateLimiter, RateLimitPolicy } from './limiter.js';

const TOKEN_BUCKET = `
local capacity = tonumber(ARGV[1])
local per_ms = tonumber(ARGV[2])
local ttl = tonumber(ARGV[3])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1]) or capacity
local ts = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - ts) * per_ms)
local allowed = 0
local retry = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  retry = math.ceil((1 - tokens) / per_ms)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', now)
redis.call('PEXPIRE', KEYS[1], ttl)
return {allowed, math.floor(tokens), retry}
`;

export interface RedisRateLimiterOptions {
  url: string;
  /** Prefix of every key, so several deployments or tests can share a Redis. @default 'levibot:rl:' */
  prefix?: string;
}

export class RedisRateLimiter implements RateLimiter {
  readonly kind = 'redis';
  private readonly redis: Redis;
  private readonly prefix: string;

  constructor(options: RedisRateLimiterOptions) {
    this.prefix = options.prefix ?? 'levibot:rl:';
    this.redis = new Redis(options.url, {
      lazyConnect: false,
      maxRetriesPerRequest: 2,
      enableOfflineQueue: true,
    });
    this.redis.on('error', () => {});
    this.redis.defineCommand('levibotTokenBucket', { numberOfKeys: 1, lua: TOKEN_BUCKET });
  }

  async take(key: string, policy: RateLimitPolicy): Promise<RateLimitDecision> {
    const perMs = policy.max / policy.windowMs;
    // A bucket untouched for the time it takes to refill completely is full: let Redis forget it.
    const ttl = Math.ceil(policy.burst / perMs) + 1000;
    const run = (
      this.redis as unknown as Record<string, (...args: unknown[]) => Promise<[number, number, number]>>
    ).levibotTokenBucket!;
    const [allowed, remaining, retryAfterMs] = await run.call(
      this.redis,
      `${this.prefix}${key}`,
      policy.burst,
      perMs,
      ttl,
    );
    return { allowed: allowed === 1, remaining, retryAfterMs };
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
