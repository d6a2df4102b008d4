/**
 * @levibot/client: the typed real-time client of LeviBot (browser and Node).
 *
 * ```ts
 * const client = new LeviBotClient({ url: 'http://127.0.0.1:8000', apiKey: 'my-key' });
 * client.subscribe('orders', { symbol: 'BTC/USDT' }, (message) => console.log(message.data));
 * await client.connect();
 * ```
 */

// The client
export {
  LeviBotClient,
  type ClientEvents,
  type LeviBotClientOptions,
  type Subscription,
  type WebSocketConstructor,
  type WebSocketLike,
} from './client.js';
export { fullJitterDelay, type BackoffOptions } from './backoff.js';

// The wire format
export {
  CLOSE_CODES,
  type BroadcastMessage,
  type Channel,
  type ClientFrame,
  type EventChannel,
  type EventMessage,
  type Filters,
  type LeviBotEvent,
  type LiveMessage,
  type MessageOf,
  type PortfolioSnapshot,
  type PositionView,
  type ServerFrame,
  type ServerMetrics,
  type Severity,
  type Tick,
} from './protocol.js';
