import { afterAll } from 'vitest';
import { dropTestSchema, postgresTestUrl, testSchemaName } from '../../shared/testing/services.js';
import { runTradingStateStoreContract } from '../state-store.contract.js';
import type { TradingStateStore } from '../state-store.js';
import { PostgresTradingStateStore } from './state-store.js';

const url = await postgresTestUrl();
const schemas: string[] = [];
const schemaOf = new WeakMap<TradingStateStore, string>();

if (url) {
  runTradingStateStoreContract('postgres', {
    async create() {
      const schema = testSchemaName('trading');
      schemas.push(schema);
      const store = await PostgresTradingStateStore.open({ url, schema });
      schemaOf.set(store, schema);
      return store;
    },
    async reopen(store) {
      const schema = schemaOf.get(store)!;
      await store.close();
      const reopened = await PostgresTradingStateStore.open({ url, schema });
      schemaOf.set(reopened, schema);
      return reopened;
    },
  });

  afterAll(async () => {
    for (const schema of schemas) await dropTestSchema(url, schema);
  });
}
