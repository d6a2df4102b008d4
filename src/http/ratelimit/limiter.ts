/**
 * The RateLimiter port: a token bucket per key. Capacity `burst`, refilled at `max` tokens per
 * `windowMs`. Adapters: in-memory (one instance) and Redis (shared by every instance).
 */
export interface RateLimitPolicy {
  /** Tokens added per window. */
  max: number;
  windowMs: number;
  /** Bucket capacity: how many requests may arrive at once. */
  burst: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  /** Whole tokens left after this request. */
  remaining: number;
  /** When refused: milliseconds until one token is available. */
  retryAfterMs: number;
}

export interface RateLimiter {
  readonly kind: string;
  take(key: string, policy: RateLimitPolicy): Promise<RateLimitDecision>;
  close(): Promise<void>;
}

/** The refill arithmetic both adapters share (the Redis script mirrors it in Lua). */
export function refill(tokens: number, elapsedMs: number, policy: RateLimitPolicy): number {
  return Math.min(policy.burst, tokens + (Math.max(0, elapsedMs) * policy.max) / policy.windowMs);
}
