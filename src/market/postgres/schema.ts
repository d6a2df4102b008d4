/**
 * Versioned schema of the PostgreSQL tick store (search_path is LeviBot's schema). Which variant
 * runs is decided once, at the first migration, and recorded in `market_meta.mode`:
 *
 * - `plain` (the tested one): `ticks` range-partitioned by day on `ts` (partitions created by the
 *   adapter), `candles` a plain table the hub upserts bars into.
 * - `timescaledb` (when the extension is installed; not testable on this machine): `ticks` is a
 *   hypertable with daily chunks and `candles` a view over three continuous aggregates
 *   (1s/1m/5m) computed from the stored trades, with real-time aggregation of the newest data.
 */

const TICK_COLUMNS = `
    symbol text NOT NULL,
    ts bigint NOT NULL,
    seq bigint NOT NULL DEFAULT nextval('ticks_seq'),
    bid float8, ask float8, bid_qty float8, ask_qty float8, last float8,
    qty float8 NOT NULL,
    side smallint`;

export const PLAIN_TICK_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE market_meta (singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton), mode text NOT NULL);
  INSERT INTO market_meta (mode) VALUES ('plain');
  CREATE SEQUENCE ticks_seq;
  CREATE TABLE ticks (${TICK_COLUMNS}) PARTITION BY RANGE (ts);
  CREATE INDEX ticks_symbol_ts ON ticks (symbol, ts, seq);
  CREATE TABLE candles (
    symbol text NOT NULL,
    interval text NOT NULL,
    t bigint NOT NULL,
    o float8 NOT NULL, h float8 NOT NULL, l float8 NOT NULL, c float8 NOT NULL,
    volume_units bigint NOT NULL,
    n integer NOT NULL,
    PRIMARY KEY (symbol, interval, t)
  );
  `,
];

/** Continuous aggregates of one interval; O and C are the first and last trade by trade time. */
function candleAggregate(ext: string, name: string, widthMs: number): string {
  return `
  CREATE MATERIALIZED VIEW ${name} WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
    SELECT symbol, ${ext}.time_bucket(${widthMs}::bigint, ts) AS t,
           ${ext}.first(last, ts) AS o, max(last) AS h, min(last) AS l, ${ext}.last(last, ts) AS c,
           sum(round(qty * 1e8))::bigint AS volume_units, count(*)::integer AS n
    FROM ticks WHERE side IS NOT NULL AND qty > 0
    GROUP BY symbol, ${ext}.time_bucket(${widthMs}::bigint, ts)
    WITH NO DATA;
  SELECT ${ext}.add_continuous_aggregate_policy('${name}',
    start_offset => ${widthMs * 120}::bigint, end_offset => ${widthMs}::bigint,
    schedule_interval => INTERVAL '${Math.max(1, widthMs / 1000)} seconds');`;
}

/** `ext` is the (quoted) schema the timescaledb extension lives in. */
export function timescaleTickMigrations(ext: string): readonly string[] {
  return [
    `
  CREATE TABLE market_meta (singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton), mode text NOT NULL);
  INSERT INTO market_meta (mode) VALUES ('timescaledb');
  CREATE SEQUENCE ticks_seq;
  CREATE TABLE ticks (${TICK_COLUMNS});
  SELECT ${ext}.create_hypertable('ticks', 'ts', chunk_time_interval => 86400000::bigint);
  CREATE INDEX ticks_symbol_ts ON ticks (symbol, ts, seq);
  CREATE FUNCTION market_now_ms() RETURNS bigint LANGUAGE sql STABLE
    AS $$ SELECT (extract(epoch FROM now()) * 1000)::bigint $$;
  SELECT ${ext}.set_integer_now_func('ticks', 'market_now_ms');
  ${candleAggregate(ext, 'candles_1s', 1_000)}
  ${candleAggregate(ext, 'candles_1m', 60_000)}
  ${candleAggregate(ext, 'candles_5m', 300_000)}
  CREATE VIEW candles AS
    SELECT symbol, '1s'::text AS interval, t, o, h, l, c, volume_units, n FROM candles_1s
    UNION ALL SELECT symbol, '1m', t, o, h, l, c, volume_units, n FROM candles_1m
    UNION ALL SELECT symbol, '5m', t, o, h, l, c, volume_units, n FROM candles_5m;
  `,
  ];
}
