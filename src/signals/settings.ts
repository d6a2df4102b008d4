/**
 * Settings of the signals domain (see the README's Signals section). The AUTO_ROUTE_* settings
 * are tunable at run time through PUT /config; the router reads them on every signal.
 */
import { type SettingSpec, boolean, decimal, integer, list, string } from '../config/settings.js';
import { normalizeSymbol } from '../shared/symbols.js';

const MAP_ITEM = /^([A-Z0-9]{1,20}(?:\/[A-Z0-9]{1,12})?):([A-Z0-9]{1,20}\/[A-Z0-9]{1,12})$/;

/**
 * `AUTO_ROUTE_SYMBOL_MAP`: which signal symbols are routed, and to which market. Items are
 * `KEY:BASE/QUOTE`, where KEY is a base (`BTC`) or a pair (`BTC/USDT`); `*` routes every other
 * symbol unchanged.
 */
export interface SymbolMap {
  entries: ReadonlyMap<string, string>;
  passThrough: boolean;
}

export function parseSymbolMap(items: readonly string[]): SymbolMap {
  const entries = new Map<string, string>();
  let passThrough = false;
  for (const item of items) {
    if (item === '*') {
      passThrough = true;
      continue;
    }
    const [rawKey = '', rawTarget = ''] = item.split(':');
    const key = rawKey.includes('/') ? normalizeSymbol(rawKey) : rawKey.trim().toUpperCase();
    const match = MAP_ITEM.exec(`${key}:${normalizeSymbol(rawTarget)}`);
    if (!match) throw new Error(`"${item}" must look like BTC:BTC/USDT (or * for every other symbol)`);
    entries.set(match[1]!, match[2]!);
  }
  return { entries, passThrough };
}

/** The market a signal symbol routes to, or null when the map does not route it. */
export function mapSymbol(map: SymbolMap, symbol: string): string | null {
  const base = symbol.split('/')[0]!;
  return map.entries.get(symbol) ?? map.entries.get(base) ?? (map.passThrough ? symbol : null);
}

function symbolMapSetting(value: string[], description: string): SettingSpec<string[]> {
  const items = list(value, description, { tunable: true });
  return {
    ...items,
    parse: (raw) => {
      const parsed = items.parse(raw);
      parseSymbolMap(parsed);
      return parsed;
    },
  };
}

export const SIGNAL_SETTINGS = {
  SIGNAL_MAX_TEXT_CHARS: integer(8000, 'Longest signal text accepted (characters); longer texts get a 400', {
    min: 100,
    max: 20000,
  }),
  SIGNAL_TRAIN_SEED: integer(42, 'Seed of model training: the same data and seed give the same model', {
    min: 0,
    max: 2 ** 31 - 1,
  }),
  AUTO_ROUTE_ENABLED: boolean(false, 'Route scored BUY/SELL signals into paper orders', { tunable: true }),
  AUTO_ROUTE_DRY_RUN: boolean(true, 'Only record what would be routed (AUTO_ROUTE_DRYRUN), place no order', {
    tunable: true,
  }),
  AUTO_ROUTE_MIN_CONF: decimal(
    0.6,
    'Lowest signal confidence that is routed',
    { min: 0, max: 1 },
    { tunable: true },
  ),
  AUTO_ROUTE_SYMBOL_MAP: symbolMapSetting(
    ['BTC:BTC/USDT', 'ETH:ETH/USDT', 'SOL:SOL/USDT'],
    'Symbols routed and their market (CSV of KEY:BASE/QUOTE; * routes any other symbol as is)',
  ),
  AUTO_ROUTE_DEFAULT_NOTIONAL: decimal(
    25,
    'Order size in USD (the risk policy clamps it to its min/max notional)',
    {
      min: 0.01,
      max: 1e9,
    },
    { tunable: true },
  ),
  AUTO_ROUTE_COOLDOWN_SEC: integer(
    300,
    'Seconds a symbol is not routed again after a routed signal',
    {
      min: 0,
      max: 7 * 86400,
    },
    { tunable: true },
  ),
  LLM_BASE_URL: string('', 'OpenAI-compatible API base URL for LLM extraction (empty: rules only)', {
    pattern: /^https?:\/\/\S+$/,
    hint: 'an http(s):// URL such as https://api.openai.com/v1',
  }),
  LLM_API_KEY: string('', 'API key sent as a Bearer token to LLM_BASE_URL', { secret: true }),
  LLM_MODEL: string('gpt-4o-mini', 'Chat model used for LLM extraction'),
  LLM_TIMEOUT_MS: integer(8000, 'Give up on the LLM after this many ms and use the rules', {
    min: 100,
    max: 120000,
  }),
  LLM_CACHE_SIZE: integer(1000, 'LLM answers kept in memory, by message text', { min: 0, max: 100000 }),
};
