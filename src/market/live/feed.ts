/**
 * Live adapter of the MarketFeed port, through ccxt pro (a well-kept library that speaks both
 * Binance's and MEXC's WebSocket protocols, including MEXC's protobuf frames): watchTrades for the
 * tape and watchBidsAsks (or watchTicker) for the top of book, with reconnection and backoff.
 *
 * ccxt is large (tens of MB, about half a second to import), so it is loaded only when the live
 * feed starts. `wsUrl` / `restUrl` point it at another server: a proxy, or the local fake Binance
 * used by the tests.
 */
import type { FeedSink, MarketFeed } from '../feed.js';
import { emptyTopOfBook, type Tick, type TopOfBook } from '../tick.js';

export interface LiveFeedOptions {
  exchange: 'binance' | 'mexc';
  symbols: readonly string[];
  /** WebSocket base URL override, e.g. ws://127.0.0.1:9443/ws. */
  wsUrl?: string;
  /** REST base URL override (scheme and host), e.g. http://127.0.0.1:9443. */
  restUrl?: string;
  /** Silence after which the feed reports itself stale. */
  staleMs: number;
  /** Request timeout of ccxt's REST calls. */
  requestTimeoutMs: number;
}

interface CcxtTrade {
  symbol?: string;
  timestamp?: number;
  price?: number;
  amount?: number;
  side?: string;
}

interface CcxtBidAsk {
  symbol?: string;
  timestamp?: number;
  bid?: number;
  ask?: number;
  bidVolume?: number;
  askVolume?: number;
}

/** The part of a ccxt pro exchange this adapter uses. */
interface ProExchange {
  has: Record<string, unknown>;
  urls: { api: Record<string, unknown> };
  markets: Record<string, unknown> | undefined;
  loadMarkets(): Promise<Record<string, unknown>>;
  loadHttpProxyAgent(): Promise<unknown>;
  watchTradesForSymbols(symbols: string[]): Promise<CcxtTrade[]>;
  watchTrades(symbol: string): Promise<CcxtTrade[]>;
  watchBidsAsks(symbols: string[]): Promise<Record<string, CcxtBidAsk>>;
  watchTicker(symbol: string): Promise<CcxtBidAsk>;
  close(): Promise<void>;
}

interface BookState extends TopOfBook {
  ts: number;
}

const BACKOFF_MS = [1000, 2000, 5000, 10_000, 30_000];

export class LiveFeed implements MarketFeed {
  readonly kind = 'live' as const;
  readonly symbols: readonly string[];
  private exchange: ProExchange | null = null;
  private stopped = false;
  private readonly books = new Map<string, BookState>();
  /** Exchange time minus local time, from the latest trade: stamps book updates that carry no time. */
  private skewMs = 0;
  private lastMessageAt = 0;
  private stale = false;
  private staleTimer: NodeJS.Timeout | null = null;
  private sink: FeedSink | null = null;
  private firstData: { resolve: () => void; reject: (error: unknown) => void } | null = null;

  constructor(private readonly options: LiveFeedOptions) {
    this.symbols = options.symbols;
  }

  async start(sink: FeedSink): Promise<void> {
    this.sink = sink;
    const ccxt = (await import('ccxt')).default as unknown as {
      pro: Record<string, new (config: object) => ProExchange>;
    };
    const Exchange = ccxt.pro[this.options.exchange];
    if (!Exchange) throw new Error(`ccxt pro has no exchange ${this.options.exchange}`);
    const exchange = new Exchange({
      enableRateLimit: true,
      timeout: this.options.requestTimeoutMs,
      options: { defaultType: 'spot', fetchMarkets: { types: ['spot'] } },
    });
    this.exchange = exchange;
    this.overrideUrls(exchange);
    // ccxt refuses plain ws:// URLs until its HTTP agent is loaded.
    if (this.options.wsUrl?.startsWith('ws://')) await exchange.loadHttpProxyAgent();
    await exchange.loadMarkets();
    if (this.stopped) return;
    const missing = this.symbols.filter((symbol) => !exchange.markets?.[symbol]);
    if (missing.length > 0) throw new Error(`${this.options.exchange} does not list ${missing.join(', ')}`);

    const delivering = new Promise<void>((resolve, reject) => {
      this.firstData = { resolve, reject };
    });
    void this.runLoop('trades', () => this.pumpTrades(exchange));
    void this.runLoop('book', () => this.pumpBook(exchange));
    this.staleTimer = setInterval(() => this.checkStale(), Math.min(1000, this.options.staleMs));
    this.staleTimer.unref();
    await delivering;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.staleTimer) clearInterval(this.staleTimer);
    this.staleTimer = null;
    const exchange = this.exchange;
    this.exchange = null;
    this.firstData?.reject(new Error('stopped'));
    this.firstData = null;
    if (exchange) await exchange.close().catch(() => undefined);
  }

  private overrideUrls(exchange: ProExchange): void {
    const { wsUrl, restUrl } = this.options;
    const api = exchange.urls.api;
    if (wsUrl) api.ws = { ...(api.ws as object), spot: wsUrl };
    if (restUrl) {
      const base = restUrl.replace(/\/+$/, '');
      if (this.options.exchange === 'binance') api.public = `${base}/api/v3`;
      else api.spot = { ...(api.spot as object), public: base };
    }
  }

  /** Run `pump` until stopped; on failure report, back off, and go again (ccxt reconnects on the next watch). */
  private async runLoop(name: string, pump: () => Promise<void>): Promise<void> {
    let attempt = 0;
    while (!this.stopped) {
      try {
        await pump();
        attempt = 0;
      } catch (error) {
        if (this.stopped) return;
        if (this.firstData) {
          // Never delivered: the caller decides (the service falls back to replay).
          this.firstData.reject(error);
          this.firstData = null;
          void this.stop();
          return;
        }
        const waitMs = BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)]!;
        attempt++;
        this.sink?.status({
          status: 'disconnected',
          detail: `${name}: ${(error as Error).message}`,
          retry_in_s: waitMs / 1000,
        });
        await new Promise((resolve) => setTimeout(resolve, waitMs));
      }
    }
  }

  private async pumpTrades(exchange: ProExchange): Promise<void> {
    const trades =
      this.symbols.length > 1 && exchange.has.watchTradesForSymbols
        ? await exchange.watchTradesForSymbols([...this.symbols])
        : await exchange.watchTrades(this.symbols[0]!);
    for (const trade of trades) this.onTrade(trade);
  }

  private async pumpBook(exchange: ProExchange): Promise<void> {
    if (exchange.has.watchBidsAsks) {
      const quotes = await exchange.watchBidsAsks([...this.symbols]);
      for (const quote of Object.values(quotes)) this.onQuote(quote);
      return;
    }
    const quotes = await Promise.race(this.symbols.map((symbol) => exchange.watchTicker(symbol)));
    this.onQuote(quotes);
  }

  private book(symbol: string): BookState {
    let book = this.books.get(symbol);
    if (!book) {
      book = { ...emptyTopOfBook(), ts: 0 };
      this.books.set(symbol, book);
    }
    return book;
  }

  private onTrade(trade: CcxtTrade): void {
    const { symbol, price, amount, timestamp } = trade;
    if (!symbol || !this.symbols.includes(symbol) || !(price! > 0) || !(amount! > 0)) return;
    const now = Date.now();
    const ts = timestamp ?? now + this.skewMs;
    if (timestamp !== undefined) this.skewMs = timestamp - now;
    const book = this.book(symbol);
    book.last = price!;
    if (ts > book.ts) book.ts = ts;
    this.delivered({
      symbol,
      ts,
      bid: book.bid,
      ask: book.ask,
      bidQty: book.bidQty,
      askQty: book.askQty,
      last: price!,
      qty: amount!,
      side: trade.side === 'sell' ? 'sell' : 'buy',
    });
  }

  private onQuote(quote: CcxtBidAsk): void {
    const { symbol, bid, ask } = quote;
    if (!symbol || !this.symbols.includes(symbol) || !(bid! > 0) || !(ask! > 0)) return;
    const book = this.book(symbol);
    book.bid = bid!;
    book.ask = ask!;
    book.bidQty = quote.bidVolume ?? Number.NaN;
    book.askQty = quote.askVolume ?? Number.NaN;
    const ts = quote.timestamp ?? Math.round(Date.now() + this.skewMs);
    if (ts > book.ts) book.ts = ts;
    this.delivered({
      symbol,
      ts: book.ts,
      bid: book.bid,
      ask: book.ask,
      bidQty: book.bidQty,
      askQty: book.askQty,
      last: book.last,
      qty: 0,
      side: null,
    });
  }

  private delivered(tick: Tick): void {
    this.lastMessageAt = Date.now();
    if (this.stale) {
      this.stale = false;
      this.sink?.status({ status: 'resumed' });
    }
    if (this.firstData) {
      this.firstData.resolve();
      this.firstData = null;
      this.sink?.status({
        status: 'connected',
        detail: `${this.options.exchange} ${this.symbols.join(', ')}`,
      });
    }
    this.sink?.tick(tick);
  }

  private checkStale(): void {
    if (this.stale || this.lastMessageAt === 0) return;
    const silentMs = Date.now() - this.lastMessageAt;
    if (silentMs >= this.options.staleMs) {
      this.stale = true;
      this.sink?.status({ status: 'stale', stale_s: Math.round(silentMs / 1000) });
    }
  }
}
