/**
 * Market data: normalised ticks from a live exchange, a replay of recorded captures or a
 * synthetic walk; the in-process TickSource; candles; the tick store.
 */

// Commonly used
export type { Tick, TickListener, TickSource, TopOfBook } from './tick.js';
export { emptyTopOfBook } from './tick.js';
export {
  MarketService,
  type FeedStatusView,
  type MarketServiceDeps,
  type MarketSettings,
} from './service.js';
export { MarketHub, type MarketHubOptions } from './hub.js';
export { MARKET_SETTINGS, FEED_KINDS, type FeedKind, replaySpeed } from './settings.js';
export {
  CANDLE_INTERVALS,
  CANDLE_INTERVAL_NAMES,
  CandleBuilder,
  type Bar,
  type Candle,
  type CandleInterval,
  toCandle,
} from './candles.js';

// Feeds (the MarketFeed port and its adapters)
export type { FeedSink, FeedStatusChange, MarketFeed } from './feed.js';
export { LiveFeed, type LiveFeedOptions } from './live/feed.js';
export { ReplayFeed, type ReplayFeedOptions } from './replay/feed.js';
export { SyntheticFeed, RandomWalk } from './synthetic/feed.js';

// Captures and stores
export {
  readCapture,
  parseCaptureText,
  capturesToTicks,
  loadCaptureTicks,
  type CaptureRecord,
} from './replay/capture.js';
export { BinanceTickBuilder, type BinancePayload } from './binance.js';
export { DEFAULT_CAPTURES, BTC_CAPTURES, FIXTURES_DIR } from './fixtures.js';
export type { TickStore, CandleQuery } from './store.js';
export { SqliteTickStore } from './sqlite/tick-store.js';
export { PostgresTickStore, type TickStoreMode } from './postgres/tick-store.js';
export { encodeTick, encodeTicks, decodeTicks } from './codec.js';
export { PgTickRelay, type PgTickRelayOptions } from './postgres/relay.js';

// For tests of the live feed
export { FakeBinanceServer, type FakeBinanceOptions } from './live/fake-binance.js';
