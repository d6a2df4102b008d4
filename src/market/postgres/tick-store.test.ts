import { afterAll } from 'vitest';
import { dropTestSchema, postgresTestUrl, testSchemaName } from '../../shared/testing/services.js';
import { runTickStoreContract } from '../store.contract.js';
import type { TickStore } from '../store.js';
import { PostgresTickStore } from './tick-store.js';

const url = await postgresTestUrl();
const schemas: string[] = [];
const schemaOf = new WeakMap<TickStore, string>();

if (url) {
  runTickStoreContract('postgres', {
    async create() {
      const schema = testSchemaName('ticks');
      schemas.push(schema);
      const store = await PostgresTickStore.open({ url, schema });
      schemaOf.set(store, schema);
      return store;
    },
    async reopen(store) {
      const schema = schemaOf.get(store)!;
      await store.close();
      const reopened = await PostgresTickStore.open({ url, schema });
      schemaOf.set(reopened, schema);
      return reopened;
    },
  });

  afterAll(async () => {
    for (const schema of schemas) await dropTestSchema(url, schema);
  });
}
