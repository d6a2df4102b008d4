import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { runTradingStateStoreContract } from '../state-store.contract.js';
import type { TradingStateStore } from '../state-store.js';
import { SqliteTradingStateStore } from './state-store.js';

const dirs: string[] = [];
const fileOf = new WeakMap<TradingStateStore, string>();

runTradingStateStoreContract('sqlite', {
  async create() {
    const dir = mkdtempSync(join(tmpdir(), 'levibot-trading-'));
    dirs.push(dir);
    const file = join(dir, 'trading.db');
    const store = new SqliteTradingStateStore({ file, synchronous: 'normal' });
    fileOf.set(store, file);
    return store;
  },
  async reopen(store) {
    const file = fileOf.get(store)!;
    await store.close();
    const reopened = new SqliteTradingStateStore({ file, synchronous: 'normal' });
    fileOf.set(reopened, file);
    return reopened;
  },
});

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
