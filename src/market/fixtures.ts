/** Where the shipped market captures live (fixtures/market, see its SOURCES.md). */
import { fileURLToPath } from 'node:url';

/** Resolved from this file, so it works from `src/` (tests) and `dist/` (the built CLI) alike. */
export const FIXTURES_DIR = fileURLToPath(new URL('../../fixtures/market/', import.meta.url));

/** The captures replayed by default: BTC/USDT (two continuous files) and ETH/USDT, August 2024. */
export const DEFAULT_CAPTURES = ['btcusdt_20240808.gz', 'btcusdt_20240809.gz', 'ethusdt_20240808.gz'].map(
  (name) => FIXTURES_DIR + name,
);

export const BTC_CAPTURES = DEFAULT_CAPTURES.slice(0, 2);
