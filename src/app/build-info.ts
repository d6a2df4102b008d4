/** Version from package.json; git sha and branch from the environment or the checkout. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BuildInfo } from '../observability/metrics.js';

const PACKAGE_ROOT = fileURLToPath(new URL('../..', import.meta.url));

function git(args: string[]): string | undefined {
  const result = spawnSync('git', args, { cwd: PACKAGE_ROOT, encoding: 'utf8', timeout: 2000 });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

export function readBuildInfo(env: NodeJS.ProcessEnv = process.env): BuildInfo {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return {
    version: pkg.version,
    gitSha: env.GIT_SHA ?? git(['rev-parse', '--short', 'HEAD']) ?? 'unknown',
    branch: env.GIT_BRANCH ?? git(['rev-parse', '--abbrev-ref', 'HEAD']) ?? 'unknown',
  };
}
