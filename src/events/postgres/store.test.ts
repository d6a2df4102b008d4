import { afterAll } from 'vitest';
import { runEventStoreContract } from '../store.contract.js';
import { PostgresEventStore } from './store.js';
import { dropTestSchema, postgresTestUrl, testSchemaName } from '../../shared/testing/services.js';

const url = await postgresTestUrl();
const schemas: string[] = [];
const schemaOf = new WeakMap<object, string>();

if (url) {
  runEventStoreContract('postgres', {
    async create() {
      const schema = testSchemaName('events');
      schemas.push(schema);
      const store = await PostgresEventStore.open({ url, schema });
      schemaOf.set(store, schema);
      return store;
    },
    async reopen(store) {
      const schema = schemaOf.get(store)!;
      await store.close();
      const reopened = await PostgresEventStore.open({ url, schema });
      schemaOf.set(reopened, schema);
      return reopened;
    },
  });

  afterAll(async () => {
    for (const schema of schemas) await dropTestSchema(url, schema);
  });
}

if (url) {
  const { describe, expect, it } = await import('vitest');
  const { toNewEvent } = await import('../model.js');

  describe('PostgresEventStore — several instances on one schema', () => {
    it('concurrent writers never let a tailing reader skip an event', async () => {
      const schema = testSchemaName('events_multi');
      schemas.push(schema);
      const open = () => PostgresEventStore.open({ url, schema });
      const [a, b, reader] = [await open(), await open(), await open()];
      const acknowledged: number[] = [];
      const write = async (store: PostgresEventStore, name: string) => {
        for (let i = 0; i < 40; i++) {
          const stored = await Promise.all(
            [0, 1, 2].map((n) =>
              store.append([toNewEvent({ event_type: 'MULTI_WRITER', source: name, payload: { i, n } })]),
            ),
          );
          acknowledged.push(...stored.flat().map((event) => event.id));
        }
      };
      const seen: number[] = [];
      let writing = true;
      const tail = (async () => {
        let cursor = 0;
        while (writing || cursor < Math.max(0, ...acknowledged)) {
          const page = await reader.readAfter(cursor, {}, 1000);
          for (const event of page) seen.push(event.id);
          cursor = page.at(-1)?.id ?? cursor;
        }
      })();
      await Promise.all([write(a, 'a'), write(b, 'b')]);
      writing = false;
      await tail;
      expect(seen).toEqual([...acknowledged].sort((x, y) => x - y));
      expect(new Set(seen).size).toBe(240);
      await Promise.all([a.close(), b.close(), reader.close()]);
    });
  });
}
