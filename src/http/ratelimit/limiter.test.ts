import { randomBytes } from 'node:crypto';
import { redisTestUrl } from '../../shared/testing/services.js';
import { runRateLimiterContract } from './limiter.contract.js';
import { MemoryRateLimiter } from './memory.js';
import { RedisRateLimiter } from './redis.js';

runRateLimiterContract('memory', async () => new MemoryRateLimiter());

const redisUrl = await redisTestUrl();
if (redisUrl) {
  runRateLimiterContract(
    'redis',
    async () => new RedisRateLimiter({ url: redisUrl, prefix: `test:rl:${randomBytes(4).toString('hex')}:` }),
  );
}
