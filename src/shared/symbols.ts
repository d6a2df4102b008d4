/**
 * Symbol normalisation shared by the event store, market data and the signal extractor:
 * every component speaks `BASE/QUOTE` (e.g. `BTC/USDT`), whatever the source wrote.
 */

/** Quote currencies recognised at the end of a glued pair such as `ETHUSDT`, longest first. */
export const KNOWN_QUOTES = [
  'FDUSD',
  'USDT',
  'USDC',
  'BUSD',
  'TUSD',
  'USDP',
  'DAI',
  'USD',
  'EUR',
  'TRY',
  'GBP',
  'BRL',
  'BTC',
  'ETH',
  'BNB',
] as const;

const PERP_SUFFIX = /(?:[-_.]?PERP|\.P)$/;

/**
 * Normalise a symbol to `BASE/QUOTE`, upper case. Accepts `BTC/USDT`, `btc-usdt`, `BTC_USDT`,
 * `BTCUSDT`, `BTCUSDT.P`, `SUSHIUSDTPERP`. Returns the input upper-cased when no quote can be found
 * (a bare base such as `BTC` stays `BTC`: callers that want a default quote add it themselves).
 */
export function normalizeSymbol(raw: string): string {
  const upper = raw.trim().toUpperCase().replace(PERP_SUFFIX, '');
  const separated = /^([A-Z0-9]+)[/\-_:]([A-Z0-9]+)$/.exec(upper);
  if (separated) return `${separated[1]}/${separated[2]}`;
  for (const quote of KNOWN_QUOTES) {
    if (upper.length > quote.length && upper.endsWith(quote)) {
      return `${upper.slice(0, -quote.length)}/${quote}`;
    }
  }
  return upper;
}

/** `BTC/USDT` → `BTCUSDT`, the form exchanges use in stream names. */
export function compactSymbol(symbol: string): string {
  return symbol.replace('/', '');
}
