import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { runTickStoreContract } from '../store.contract.js';
import type { TickStore } from '../store.js';
import { SqliteTickStore } from './tick-store.js';

const dirs: string[] = [];
const fileOf = new WeakMap<TickStore, string>();

runTickStoreContract('sqlite', {
  async create() {
    const dir = mkdtempSync(join(tmpdir(), 'levibot-ticks-'));
    dirs.push(dir);
    const file = join(dir, 'market.db');
    const store = new SqliteTickStore({ file });
    fileOf.set(store, file);
    return store;
  },
  async reopen(store) {
    const file = fileOf.get(store)!;
    await store.close();
    const reopened = new SqliteTickStore({ file });
    fileOf.set(reopened, file);
    return reopened;
  },
});

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
