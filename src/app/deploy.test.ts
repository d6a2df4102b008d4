import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const compose = spawnSync('docker-compose', ['version'], { encoding: 'utf8' });
const available = compose.status === 0;
if (!available && process.env.CI !== 'true')
  console.warn('\n*** SKIPPING docker-compose.yml validation: docker-compose is not installed ***\n');

describe.skipIf(!available && process.env.CI !== 'true')('deployment files', () => {
  it('docker-compose.yml is valid and runs LeviBot on PostgreSQL and Redis behind nginx', () => {
    const result = spawnSync('docker-compose', ['config'], { cwd: ROOT, encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('DATABASE_URL: postgres://');
    expect(result.stdout).toContain('REDIS_URL: redis://redis:6379');
    for (const service of ['postgres:', 'redis:', 'levibot:', 'nginx:'])
      expect(result.stdout).toContain(service);
  });
});
