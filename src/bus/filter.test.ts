import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type EventFilter,
  type EventStore,
  PostgresEventStore,
  SqliteEventStore,
  toNewEvent,
} from '../events/index.js';
import { dropTestSchema, postgresTestUrl, testSchemaName } from '../shared/testing/services.js';
import { compileFilter } from './filter.js';
import { BusMessage } from './message.js';

const inputs = [
  {
    event_type: 'SIGNAL_INGEST',
    symbol: 'BTCUSDT',
    payload: { text: 'BTC/USDT long breakout, entry 64000' },
  },
  { event_type: 'SIGNAL_INGEST', symbol: 'ETH/USDT', payload: { text: 'ETH short: "breakdown" below 3000' } },
  {
    event_type: 'SIGNAL_SCORED',
    symbol: 'BTC/USDT',
    severity: 'warning',
    payload: { confidence: 0.82, label: 'Long' },
  },
  { event_type: 'ORDER_NEW', symbol: 'BTC/USDT', trace_id: 'tr-1', payload: { side: 'buy', qty: 0.01 } },
  {
    event_type: 'ORDER_REJECTED',
    severity: 'error',
    payload: { reason: 'kill_switch\non', text: 'Çok uzun' },
  },
  {
    event_type: 'ALERT_SENT',
    ts: '2024-01-01T00:00:00Z',
    payload: { channel: 'slack', text: 'long_liquidation' },
  },
];

const filters: EventFilter[] = [
  {},
  { eventTypes: ['SIGNAL_INGEST', 'ORDER_NEW'] },
  { symbol: 'BTC/USDT' },
  { minSeverity: 'warning' },
  { traceId: 'tr-1' },
  { q: 'long' },
  { q: 'LONG breakout' },
  { q: 'breakout long' },
  { q: 'usdt long' },
  { q: 'break*' },
  { q: 'signal_ingest' },
  { q: 'kill switch' },
  { q: 'çok' },
  { q: 'liquidation' },
  { q: '!!' },
  { q: '0.82' },
  { sinceMs: Date.parse('2024-06-01T00:00:00Z') },
  { untilMs: Date.parse('2024-06-01T00:00:00Z') },
  { q: 'long', symbol: 'BTC/USDT', minSeverity: 'warning' },
];

/** The gateway resumes from the store and continues live: both must agree on every filter. */
function agreesWithStore(adapter: string, open: () => Promise<EventStore>, drop?: () => Promise<void>): void {
  describe(`live filter against ${adapter}`, () => {
    let store: EventStore;
    beforeAll(async () => {
      store = await open();
      const now = Date.parse('2024-08-09T00:00:00Z');
      await store.append(inputs.map((input) => toNewEvent(input, '', now)));
    });
    afterAll(async () => {
      await store.close();
      await drop?.();
    });

    it.each(filters)(`live filter - agrees with the ${adapter} store on %j`, async (filter) => {
      const fromStore = await store.readAfter(0, filter, 100);
      const all = await store.readAfter(0, {}, 100);
      const matches = compileFilter(filter);
      const live = all.filter((event) => matches(new BusMessage(event)));
      expect(live.map((e) => e.id)).toEqual(fromStore.map((e) => e.id));
    });
  });
}

agreesWithStore('sqlite', async () => new SqliteEventStore({ file: ':memory:' }));

const postgresUrl = await postgresTestUrl();
if (postgresUrl) {
  const schema = testSchemaName('bus_filter');
  agreesWithStore(
    'postgres',
    () => PostgresEventStore.open({ url: postgresUrl, schema }),
    () => dropTestSchema(postgresUrl, schema),
  );
}
