/** Settings of the market domain: which feed, which exchange and symbols, replay speed, tick store. */
import { boolean, integer, list, oneOf, string } from '../config/settings.js';

export const FEED_KINDS = ['live', 'replay', 'synthetic'] as const;
export type FeedKind = (typeof FEED_KINDS)[number];

export const MARKET_SETTINGS = {
  FEED: oneOf<FeedKind>(
    'live',
    FEED_KINDS,
    'Market feed: live exchange (falls back to replay when unreachable), replay or synthetic',
  ),
  EXCHANGE: oneOf('binance', ['binance', 'mexc'], 'Exchange of the live feed'),
  SYMBOLS: list(['BTC/USDT', 'ETH/USDT'], 'Symbols the feed carries (CSV, BTC/USDT or BTCUSDT)'),
  FEED_CONNECT_TIMEOUT_MS: integer(
    4000,
    'How long the live feed may take to deliver data before falling back to replay',
    {
      min: 200,
      max: 60_000,
    },
  ),
  FEED_STALE_S: integer(30, 'A live feed silent for this long is reported stale (FEED_STATUS)', {
    min: 1,
    max: 3600,
  }),
  EXCHANGE_WS_URL: string(
    '',
    'Override of the exchange WebSocket base URL (a proxy, or a local test server)',
    {
      pattern: /^wss?:\/\//,
      hint: 'a ws:// or wss:// URL',
    },
  ),
  EXCHANGE_REST_URL: string('', 'Override of the exchange REST base URL used to load markets', {
    pattern: /^https?:\/\//,
    hint: 'an http:// or https:// URL',
  }),
  REPLAY_SPEED: string('1', 'Replay speed: 1 (real time), a multiplier such as 10, or max', {
    pattern: /^(?:max|\d+(?:\.\d+)?)$/i,
    hint: '1, a positive number such as 10, or max',
  }),
  REPLAY_FILES: list(
    [],
    'Capture files to replay (CSV of paths); empty means the shipped fixtures/market captures',
  ),
  SYNTHETIC_SEED: integer(42, 'Seed of the synthetic random walk'),
  SYNTHETIC_TICKS_PER_S: integer(20, 'Ticks per second per symbol of the synthetic feed', {
    min: 1,
    max: 100_000,
  }),
  TICK_STORE: boolean(true, 'Record ticks in DATA_DIR/market.db (candles are kept either way)'),
  TICK_RETENTION_HOURS: integer(24, 'Ticks older than this are deleted from the tick store', {
    min: 1,
    max: 24 * 365,
  }),
  CANDLE_RETENTION_DAYS: integer(30, 'Candles older than this are deleted', { min: 1, max: 3650 }),
  TICK_FLUSH_MS: integer(250, 'Largest delay before buffered ticks and candles are written', {
    min: 10,
    max: 10_000,
  }),
};

/** `REPLAY_SPEED` as a number; `max` is Infinity. */
export function replaySpeed(raw: string): number {
  return raw.toLowerCase() === 'max' ? Number.POSITIVE_INFINITY : Number(raw);
}
