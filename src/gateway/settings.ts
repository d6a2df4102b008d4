/** Settings of the real-time gateway (WebSocket and SSE). */
import { integer, oneOf } from '../config/settings.js';

export const GATEWAY_SETTINGS = {
  WS_PING_INTERVAL_MS: integer(
    25_000,
    'Server ping interval; a peer that has not answered the previous ping is closed',
    {
      min: 50,
      max: 600_000,
    },
  ),
  WS_MAX_CONNECTIONS: integer(
    10_000,
    'Most WebSocket and SSE connections served at once; more are refused',
    { min: 1, max: 1_000_000 },
    { tunable: true },
  ),
  WS_MAX_CONNECTIONS_PER_IP: integer(
    1_000,
    'Most WebSocket and SSE connections from one client address',
    { min: 1, max: 1_000_000 },
    { tunable: true },
  ),
  WS_QUEUE_BYTES: integer(
    1024 * 1024,
    'Bound of each subscription queue, in bytes of serialised events, before messages are dropped',
    { min: 1024, max: 1024 * 1024 * 1024 },
    { tunable: true },
  ),
  WS_SLOW_CLIENT: oneOf(
    'drop',
    ['drop', 'disconnect'],
    'When a queue overflows: drop and send a gap frame, or disconnect the client (close 4008)',
    { tunable: true },
  ),
  WS_MAX_CHANNELS: integer(
    100,
    'Most channels one /ws connection may subscribe to',
    { min: 1, max: 10_000 },
    {
      tunable: true,
    },
  ),
  WS_METRICS_INTERVAL_MS: integer(5_000, 'Period of the metrics channel', { min: 100, max: 3_600_000 }),
  PORTFOLIO_INTERVAL_MS: integer(2_000, 'Period of the portfolio channel and /stream/portfolio', {
    min: 100,
    max: 3_600_000,
  }),
  SSE_HEARTBEAT_MS: integer(15_000, 'Period of the SSE comment heartbeat', { min: 50, max: 600_000 }),
  SSE_RETRY_MS: integer(3_000, 'Reconnect delay advertised to SSE clients (retry:)', {
    min: 0,
    max: 600_000,
  }),
};
