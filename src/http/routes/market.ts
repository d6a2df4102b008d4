/** /market: last tick, candles, symbols and the feed's state. */
import Type from 'typebox';
import {
  CANDLE_INTERVAL_NAMES,
  type CandleInterval,
  type MarketService,
  type Tick,
} from '../../market/index.js';
import { NotFoundError, ValidationError } from '../../shared/errors.js';
import { parseIsoTime } from '../../events/index.js';
import { parseSymbol } from '../query.js';
import type { HttpApp } from '../server.js';

const MAX_CANDLES = 5000;

function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

export function tickView(tick: Tick) {
  return {
    symbol: tick.symbol,
    ts: new Date(tick.ts).toISOString(),
    ts_ms: tick.ts,
    bid: finite(tick.bid),
    ask: finite(tick.ask),
    bid_qty: finite(tick.bidQty),
    ask_qty: finite(tick.askQty),
    last: finite(tick.last),
    qty: tick.qty,
    side: tick.side,
  };
}

/** A time bound given as ISO-8601 or epoch milliseconds. */
function parseTimeBound(field: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (/^\d{1,15}$/.test(value)) return Number(value);
  const ms = parseIsoTime(value);
  if (!Number.isFinite(ms))
    throw ValidationError.forField(field, 'must be ISO-8601 (2024-08-09T00:00:00Z) or epoch milliseconds');
  return ms;
}

function requiredSymbol(value: string | undefined): string {
  const symbol = parseSymbol('symbol', value);
  if (!symbol) throw ValidationError.forField('symbol', 'is required (e.g. BTC/USDT or BTCUSDT)');
  return symbol;
}

export function registerMarketRoutes(app: HttpApp, market: MarketService): void {
  app.get(
    '/market/last',
    {
      schema: {
        tags: ['market'],
        summary: 'Last tick of a symbol: bid, ask, sizes, last trade',
        querystring: Type.Object({
          symbol: Type.Optional(Type.String({ description: 'BTC/USDT or BTCUSDT' })),
        }),
      },
    },
    async (request) => {
      const symbol = requiredSymbol(request.query.symbol);
      const tick = await market.hub.lastStoredTick(symbol);
      if (!tick)
        throw new NotFoundError(
          `no tick for ${symbol} yet (feed carries ${market.hub.symbols().join(', ') || 'nothing yet'})`,
        );
      return tickView(tick);
    },
  );

  app.get(
    '/market/candles',
    {
      schema: {
        tags: ['market'],
        summary: 'OHLCV candles built from trades by trade time, oldest first',
        querystring: Type.Object({
          symbol: Type.Optional(Type.String({ description: 'BTC/USDT or BTCUSDT' })),
          interval: Type.Optional(Type.String({ description: '1s | 1m | 5m', default: '1m' })),
          since: Type.Optional(
            Type.String({ description: 'inclusive start of the first window: ISO-8601 or epoch ms' }),
          ),
          until: Type.Optional(Type.String({ description: 'exclusive end: ISO-8601 or epoch ms' })),
          limit: Type.Optional(
            Type.String({
              description: `most recent N candles of the range (1-${MAX_CANDLES}, default 500)`,
            }),
          ),
        }),
      },
    },
    async (request) => {
      const query = request.query;
      const symbol = requiredSymbol(query.symbol);
      const interval = (query.interval ?? '1m') as CandleInterval;
      if (!CANDLE_INTERVAL_NAMES.includes(interval)) {
        throw ValidationError.forField('interval', `must be one of ${CANDLE_INTERVAL_NAMES.join(', ')}`);
      }
      const limit = query.limit === undefined ? 500 : Number(query.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_CANDLES) {
        throw ValidationError.forField('limit', `must be an integer from 1 to ${MAX_CANDLES}`);
      }
      const sinceMs = parseTimeBound('since', query.since);
      const untilMs = parseTimeBound('until', query.until);
      if (sinceMs !== undefined && untilMs !== undefined && untilMs <= sinceMs) {
        throw ValidationError.forField('until', 'must be later than since');
      }
      const candles = await market.hub.candleRange(symbol, interval, { sinceMs, untilMs, limit });
      return { symbol, interval, candles };
    },
  );

  app.get(
    '/market/symbols',
    { schema: { tags: ['market'], summary: 'Symbols with market data, and the feed' } },
    async () => ({
      symbols: market.hub.symbols(),
      configured: market.symbols,
      feed: market.status(),
    }),
  );

  app.get(
    '/market/feed',
    { schema: { tags: ['market'], summary: 'Market feed state (kind, replay, status, ticks)' } },
    async () => market.status(),
  );
}
