/**
 * Versioned schema of the PostgreSQL event store (search_path is set to LeviBot's schema).
 * `events` is range-partitioned by day on `ts_ms`; partitions are created by the adapter.
 */
export const POSTGRES_EVENT_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE events (
    id bigint NOT NULL,
    ts_ms bigint NOT NULL,
    event_type text NOT NULL,
    severity smallint NOT NULL,
    symbol text,
    trace_id text,
    source text NOT NULL,
    payload text NOT NULL,
    search tsvector NOT NULL,
    PRIMARY KEY (id, ts_ms)
  ) PARTITION BY RANGE (ts_ms);
  CREATE INDEX events_ts ON events (ts_ms);
  CREATE INDEX events_type_id ON events (event_type, id);
  CREATE INDEX events_symbol_id ON events (symbol, id) WHERE symbol IS NOT NULL;
  CREATE INDEX events_trace_id ON events (trace_id, id) WHERE trace_id IS NOT NULL;
  CREATE INDEX events_search ON events USING gin (search);
  CREATE TABLE event_meta (singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton), last_id bigint NOT NULL);
  INSERT INTO event_meta (last_id) VALUES (0);
  `,
];
