import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { runEventStoreContract } from '../store.contract.js';
import { SqliteEventStore } from './store.js';

const dirs: string[] = [];
const files = new WeakMap<object, string>();

function open(file: string): SqliteEventStore {
  const store = new SqliteEventStore({ file, synchronous: 'normal' });
  files.set(store, file);
  return store;
}

runEventStoreContract('sqlite', {
  async create() {
    const dir = mkdtempSync(join(tmpdir(), 'levibot-events-'));
    dirs.push(dir);
    return open(join(dir, 'events.db'));
  },
  async reopen(store) {
    const file = files.get(store)!;
    await store.close();
    return open(file);
  },
});

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
