/** The RateLimiter contract, run against every adapter. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RateLimiter } from './limiter.js';

export function runRateLimiterContract(name: string, create: () => Promise<RateLimiter>): void {
  describe(`RateLimiter contract — ${name}`, () => {
    let limiter: RateLimiter;
    beforeEach(async () => {
      limiter = await create();
    });
    afterEach(async () => {
      await limiter.close();
    });

    it('allows a burst, then refuses with the time until the next token', async () => {
      const policy = { max: 60, windowMs: 60_000, burst: 5 };
      const decisions = [];
      for (let i = 0; i < 7; i++) decisions.push(await limiter.take('burst', policy));
      expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, true, true, false, false]);
      expect(decisions.slice(0, 5).map((d) => d.remaining)).toEqual([4, 3, 2, 1, 0]);
      expect(decisions[5]!.retryAfterMs).toBeGreaterThan(900);
      expect(decisions[5]!.retryAfterMs).toBeLessThanOrEqual(1000);
    });

    it('keeps keys apart', async () => {
      const policy = { max: 1, windowMs: 60_000, burst: 1 };
      expect((await limiter.take('a', policy)).allowed).toBe(true);
      expect((await limiter.take('a', policy)).allowed).toBe(false);
      expect((await limiter.take('b', policy)).allowed).toBe(true);
    });

    it('refills at max per window', async () => {
      const policy = { max: 20, windowMs: 1000, burst: 2 };
      await limiter.take('refill', policy);
      await limiter.take('refill', policy);
      expect((await limiter.take('refill', policy)).allowed).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 120));
      expect((await limiter.take('refill', policy)).allowed).toBe(true);
    });

    it('is exact under concurrent requests', async () => {
      const policy = { max: 1, windowMs: 3_600_000, burst: 25 };
      const decisions = await Promise.all(Array.from({ length: 60 }, () => limiter.take('race', policy)));
      expect(decisions.filter((d) => d.allowed)).toHaveLength(25);
    });
  });
}
