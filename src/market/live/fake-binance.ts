/**
 * A local stand-in for Binance's public spot endpoints, for testing the live feed offline: REST
 * `GET /api/v3/exchangeInfo` and the raw WebSocket stream endpoint `/ws` with
 * SUBSCRIBE/UNSUBSCRIBE, replaying recorded captures in Binance's own message format.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { compactSymbol } from '../../shared/symbols.js';
import { type CaptureRecord, readCapture } from '../replay/capture.js';

export interface FakeBinanceOptions {
  /** Capture files whose trade and bookTicker messages are replayed. */
  files: readonly string[];
  /** Normalised symbols listed by exchangeInfo. */
  symbols: readonly string[];
  /** Messages sent per burst; a burst every `intervalMs`. @default 200 */
  burst?: number;
  /** @default 5 */
  intervalMs?: number;
}

interface Subscriber {
  socket: WebSocket;
  streams: Set<string>;
  cursor: number;
  timer: NodeJS.Timeout | null;
}

export class FakeBinanceServer {
  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private readonly records: CaptureRecord[];
  private readonly subscribers = new Set<Subscriber>();
  /** Every client frame received, for assertions. */
  readonly received: unknown[] = [];

  constructor(private readonly options: FakeBinanceOptions) {
    this.records = options.files
      .map(readCapture)
      .flat()
      .sort((a, b) => a.receivedAtMs - b.receivedAtMs);
    this.server = createServer((request, response) => {
      const path = (request.url ?? '/').split('?')[0];
      if (path === '/api/v3/exchangeInfo') {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(this.exchangeInfo()));
        return;
      }
      if (path === '/api/v3/ping') {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{}');
        return;
      }
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ code: -1, msg: `no route ${path}` }));
    });
    this.wss = new WebSocketServer({ server: this.server });
    this.wss.on('connection', (socket, request) => {
      if (!(request.url ?? '').startsWith('/ws')) {
        socket.close(1008, 'unknown path');
        return;
      }
      const subscriber: Subscriber = { socket, streams: new Set(), cursor: 0, timer: null };
      this.subscribers.add(subscriber);
      socket.on('message', (raw) => this.onFrame(subscriber, raw.toString()));
      socket.on('close', () => {
        if (subscriber.timer) clearInterval(subscriber.timer);
        this.subscribers.delete(subscriber);
      });
    });
  }

  async listen(): Promise<{ wsUrl: string; restUrl: string }> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return { wsUrl: `ws://127.0.0.1:${port}/ws`, restUrl: `http://127.0.0.1:${port}` };
  }

  /** Drop every connection, as a network failure would. */
  dropConnections(): void {
    for (const subscriber of this.subscribers) subscriber.socket.terminate();
  }

  get connections(): number {
    return this.subscribers.size;
  }

  async close(): Promise<void> {
    for (const subscriber of this.subscribers) {
      if (subscriber.timer) clearInterval(subscriber.timer);
      subscriber.socket.terminate();
    }
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onFrame(subscriber: Subscriber, text: string): void {
    let frame: { method?: string; params?: string[]; id?: number };
    try {
      frame = JSON.parse(text) as typeof frame;
    } catch {
      subscriber.socket.send(JSON.stringify({ error: { code: 2, msg: 'Invalid JSON' } }));
      return;
    }
    this.received.push(frame);
    if (frame.method === 'SUBSCRIBE') for (const stream of frame.params ?? []) subscriber.streams.add(stream);
    if (frame.method === 'UNSUBSCRIBE')
      for (const stream of frame.params ?? []) subscriber.streams.delete(stream);
    subscriber.socket.send(JSON.stringify({ result: null, id: frame.id ?? null }));
    if (!subscriber.timer) {
      subscriber.timer = setInterval(() => this.pump(subscriber), this.options.intervalMs ?? 5);
    }
  }

  private pump(subscriber: Subscriber): void {
    const burst = this.options.burst ?? 200;
    let sent = 0;
    while (subscriber.cursor < this.records.length && sent < burst) {
      const record = this.records[subscriber.cursor++]!;
      if (!subscriber.streams.has(record.stream)) continue;
      // The raw endpoint sends the payload alone, without the combined-stream envelope.
      subscriber.socket.send(JSON.stringify(record.data));
      sent++;
    }
  }

  private exchangeInfo() {
    return {
      timezone: 'UTC',
      serverTime: Date.now(),
      rateLimits: [],
      exchangeFilters: [],
      symbols: this.options.symbols.map((symbol) => {
        const [base, quote] = symbol.split('/') as [string, string];
        return {
          symbol: compactSymbol(symbol),
          status: 'TRADING',
          baseAsset: base,
          baseAssetPrecision: 8,
          quoteAsset: quote,
          quotePrecision: 8,
          quoteAssetPrecision: 8,
          baseCommissionPrecision: 8,
          quoteCommissionPrecision: 8,
          orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT'],
          icebergAllowed: true,
          ocoAllowed: true,
          quoteOrderQtyMarketAllowed: true,
          allowTrailingStop: true,
          cancelReplaceAllowed: true,
          isSpotTradingAllowed: true,
          isMarginTradingAllowed: true,
          filters: [
            {
              filterType: 'PRICE_FILTER',
              minPrice: '0.01000000',
              maxPrice: '1000000.00000000',
              tickSize: '0.01000000',
            },
            { filterType: 'LOT_SIZE', minQty: '0.00001000', maxQty: '9000.00000000', stepSize: '0.00001000' },
            {
              filterType: 'NOTIONAL',
              minNotional: '5.00000000',
              applyMinToMarket: true,
              maxNotional: '9000000.00000000',
              applyMaxToMarket: false,
              avgPriceMins: 5,
            },
          ],
          permissions: [],
          permissionSets: [['SPOT', 'MARGIN']],
          defaultSelfTradePreventionMode: 'EXPIRE_MAKER',
          allowedSelfTradePreventionModes: ['EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'],
        };
      }),
    };
  }
}
