import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../signals/testing/index.js';

// These run the built command (`npm test` builds first).
const BIN = fileURLToPath(new URL('../../bin/levibot.js', import.meta.url));
const run = promisify(execFile);
const { dir, remove } = tempDir('levibot-cli-');
afterAll(remove);

async function levibot(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      env: { ...process.env, DATA_DIR: dir, CONFIG_FILE: '' },
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

describe('levibot signal commands', () => {
  it('levibot score - prints the same JSON shape as POST /signals/score', async () => {
    const { stdout, code } = await levibot('score', '#ETHUSDT SHORT\nEntry: 3400\nTP: 3300 / 3200\nSL: 3460');
    expect(code).toBe(0);
    const scored = JSON.parse(stdout);
    expect(Object.keys(scored)).toEqual(['label', 'confidence', 'reasons', 'fe']);
    expect(scored).toMatchObject({
      label: 'SELL',
      fe: { symbols: ['ETH/USDT'], entry: [3400], tps: [3300, 3200], sl: 3460 },
    });
  });

  it('levibot ds append / ds report - a labelled example lands in the user dataset', async () => {
    const before = JSON.parse((await levibot('ds', 'report')).stdout);
    const appended = await levibot('ds', 'append', 'anyone else bored today?', 'no-trade');
    expect(appended.code).toBe(0);
    expect(JSON.parse(appended.stdout)).toMatchObject({
      appended: { label: 'NO-TRADE' },
      dataset: { size: before.size + 1 },
    });
    expect(JSON.parse((await levibot('ds', 'report')).stdout).user.examples).toBe(before.user.examples + 1);
  });

  it('levibot ds append - a bad label fails with a message naming it and a non-zero exit', async () => {
    const { code, stderr } = await levibot('ds', 'append', 'text', 'HOLD');
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/label: must be one of BUY, SELL, NO-TRADE/);
  });

  it('levibot train - trains with the given seed and writes the model and metrics files', async () => {
    const { stdout, code } = await levibot('train', '--seed', '11');
    expect(code).toBe(0);
    const model = JSON.parse(stdout);
    expect(model).toMatchObject({ seed: 11, origin: 'trained', metrics: { cv_folds: 5 } });
    expect(model.file.startsWith(dir)).toBe(true);
    expect(model.metrics_file.startsWith(dir)).toBe(true);
  });
});
