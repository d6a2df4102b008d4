/**
 * Versioned schema of the PostgreSQL trading state (search_path is LeviBot's schema). Bodies are
 * JSON text, as in SQLite, so that a restored object is exactly the saved one.
 */
export const POSTGRES_TRADING_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE paper_account (singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton), body text NOT NULL);
  CREATE TABLE paper_positions (symbol text PRIMARY KEY, body text NOT NULL);
  CREATE TABLE paper_orders (
    order_id text PRIMARY KEY,
    seq bigint NOT NULL,
    symbol text NOT NULL,
    status text NOT NULL,
    body text NOT NULL
  );
  CREATE INDEX paper_orders_seq ON paper_orders (seq);
  CREATE INDEX paper_orders_status ON paper_orders (status, seq);
  CREATE INDEX paper_orders_symbol ON paper_orders (symbol, seq);
  CREATE TABLE paper_equity (
    ts bigint NOT NULL,
    equity float8 NOT NULL,
    cash float8 NOT NULL,
    realized_pnl float8 NOT NULL,
    unrealized_pnl float8 NOT NULL
  );
  CREATE INDEX paper_equity_ts ON paper_equity (ts);
  CREATE TABLE paper_desk (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    body text NOT NULL,
    updated_at timestamptz NOT NULL
  );
  `,
];
