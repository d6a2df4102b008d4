/** In-memory RateLimiter: exact for one process. */
import { type RateLimitDecision, type RateLimiter, type RateLimitPolicy, refill } from './limiter.js';

interface Bucket {
  tokens: number;
  updatedMs: number;
}

const SWEEP_INTERVAL_MS = 60_000;

export class MemoryRateLimiter implements RateLimiter {
  readonly kind = 'memory';
  private readonly buckets = new Map<string, Bucket>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly now: () => number = Date.now) {
    // Full buckets carry no information: drop them so idle clients cost no memory.
    this.sweeper = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  async take(key: string, policy: RateLimitPolicy): Promise<RateLimitDecision> {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: policy.burst, updatedMs: now };
    bucket.tokens = refill(bucket.tokens, now - bucket.updatedMs, policy);
    bucket.updatedMs = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, remaining: Math.floor(bucket.tokens), retryAfterMs: 0 };
    }
    return {
      allowed: false,
      remaining: 0,
      retryAfterMs: Math.ceil(((1 - bucket.tokens) * policy.windowMs) / policy.max),
    };
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, bucket] of this.buckets)
      if (now - bucket.updatedMs > 10 * SWEEP_INTERVAL_MS) this.buckets.delete(key);
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.buckets.clear();
  }
}
