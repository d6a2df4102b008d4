/** Settings of the HTTP edge: API-key guard and rate limiting. */
import { boolean, integer, list, oneOf } from '../config/settings.js';

export const HTTP_GUARD_SETTINGS = {
  RATE_LIMIT_ENABLED: boolean(false, 'Rate-limit requests to the secured path prefixes', { tunable: true }),
  RL_WINDOW_SEC: integer(
    60,
    'Rate-limit window: RL_MAX requests per this many seconds',
    { min: 1, max: 86_400 },
    { tunable: true },
  ),
  RL_MAX: integer(120, 'Requests refilled per window', { min: 1, max: 1_000_000 }, { tunable: true }),
  RL_BURST: integer(
    40,
    'Bucket size: requests allowed at once',
    { min: 1, max: 1_000_000 },
    { tunable: true },
  ),
  RATE_LIMIT_BY: oneOf('ip', ['ip', 'key'], 'Bucket per client IP or per API key', { tunable: true }),
  SECURED_PATH_PREFIXES: list(
    [
      '/events',
      '/traces',
      '/analytics',
      '/config',
      '/start',
      '/stop',
      '/signals',
      '/ml',
      '/paper',
      '/risk',
      '/policy',
      '/market',
      '/alerts',
      '/backtest',
    ],
    'Path prefixes that need an API key (when API_KEYS is set) and are rate-limited',
    { tunable: true },
  ),
};
