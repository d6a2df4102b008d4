/**
 * Validation of an order request from any source (HTTP JSON body, HTTP query string, the signal
 * router). Numbers may arrive as strings (query strings); every problem names its field.
 */
import { ValidationError } from '../shared/errors.js';
import { normalizeSymbol } from '../shared/symbols.js';
import type { OrderRequest, OrderSide, OrderType } from './port.js';

export interface ValidOrderRequest {
  symbol: string;
  side: OrderSide;
  type: OrderType;
  notional_usd: number | null;
  qty: number | null;
  price: number | null;
  sl: number | null;
  tp: number | null;
  trace_id: string | null;
  source: string;
}

const SYMBOL = /^[A-Z0-9]{1,20}\/[A-Z0-9]{1,12}$/;
export const TRACE_ID = /^[A-Za-z0-9_.:-]{1,128}$/;
const SOURCE = /^[A-Za-z0-9_.:/-]{1,64}$/;
const KNOWN_FIELDS = new Set([
  'symbol',
  'side',
  'type',
  'notional_usd',
  'qty',
  'price',
  'sl',
  'tp',
  'trace_id',
  'source',
]);

export function parseSymbolField(field: string, raw: unknown): string {
  if (typeof raw !== 'string' || raw.trim() === '')
    throw ValidationError.forField(field, 'is required (e.g. BTC/USDT or BTCUSDT)');
  const symbol = normalizeSymbol(raw);
  if (!SYMBOL.test(symbol)) throw ValidationError.forField(field, 'must look like BTC/USDT or BTCUSDT');
  return symbol;
}

function positiveNumber(field: string, raw: unknown): number | null {
  if (raw === undefined || raw === null || raw === '') return null;
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw.trim()) : Number.NaN;
  if (!Number.isFinite(value) || value <= 0)
    throw ValidationError.forField(field, 'must be a number above 0');
  return value;
}

export function parseOrderRequest(raw: unknown): ValidOrderRequest {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ValidationError('body: must be an object with symbol, side and notional_usd or qty', 'body');
  }
  const input = raw as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (!KNOWN_FIELDS.has(key))
      throw ValidationError.forField(key, `unknown field; expected ${[...KNOWN_FIELDS].join(', ')}`);
  }
  const symbol = parseSymbolField('symbol', input.symbol);

  const sideText = typeof input.side === 'string' ? input.side.trim().toLowerCase() : '';
  const side: OrderSide | null =
    sideText === 'buy' || sideText === 'long'
      ? 'buy'
      : sideText === 'sell' || sideText === 'short'
        ? 'sell'
        : null;
  if (!side) throw ValidationError.forField('side', 'must be buy or sell (long and short are accepted)');

  const typeText =
    input.type === undefined || input.type === '' ? 'market' : String(input.type).trim().toLowerCase();
  if (typeText !== 'market' && typeText !== 'limit')
    throw ValidationError.forField('type', 'must be market or limit');
  const type: OrderType = typeText;

  const notional = positiveNumber('notional_usd', input.notional_usd);
  const qty = positiveNumber('qty', input.qty);
  if (notional === null && qty === null)
    throw ValidationError.forField('notional_usd', 'give notional_usd or qty');
  if (notional !== null && qty !== null)
    throw ValidationError.forField('qty', 'give notional_usd or qty, not both');

  const price = positiveNumber('price', input.price);
  if (type === 'limit' && price === null)
    throw ValidationError.forField('price', 'is required for a limit order');
  if (type === 'market' && price !== null)
    throw ValidationError.forField('price', 'only limit orders take a price');

  const sl = positiveNumber('sl', input.sl);
  const tp = positiveNumber('tp', input.tp);
  const direction = side === 'buy' ? 1 : -1;
  if (sl !== null && tp !== null && (tp - sl) * direction <= 0) {
    throw ValidationError.forField(
      'tp',
      side === 'buy' ? 'must be above sl for a buy' : 'must be below sl for a sell',
    );
  }

  let traceId: string | null = null;
  if (input.trace_id !== undefined && input.trace_id !== null && input.trace_id !== '') {
    if (typeof input.trace_id !== 'string' || !TRACE_ID.test(input.trace_id)) {
      throw ValidationError.forField('trace_id', 'must be 1-128 characters of letters, digits and _.:-');
    }
    traceId = input.trace_id;
  }
  let source = 'api';
  if (input.source !== undefined && input.source !== null && input.source !== '') {
    if (typeof input.source !== 'string' || !SOURCE.test(input.source)) {
      throw ValidationError.forField('source', 'must be 1-64 characters of letters, digits and _.:/-');
    }
    source = input.source;
  }
  return { symbol, side, type, notional_usd: notional, qty, price, sl, tp, trace_id: traceId, source };
}

/** The port's typed request goes through the same checks. */
export function validateOrderRequest(request: OrderRequest): ValidOrderRequest {
  const { symbol, side, type, notional_usd, qty, price, sl, tp, trace_id, source } = request;
  return parseOrderRequest(
    Object.fromEntries(
      Object.entries({ symbol, side, type, notional_usd, qty, price, sl, tp, trace_id, source }).filter(
        ([, value]) => value !== undefined,
      ),
    ),
  );
}

/** Back to the port's shape (absent fields undefined). */
export function toOrderRequest(valid: ValidOrderRequest): OrderRequest {
  const request: OrderRequest = {
    symbol: valid.symbol,
    side: valid.side,
    type: valid.type,
    source: valid.source,
  };
  if (valid.notional_usd !== null) request.notional_usd = valid.notional_usd;
  if (valid.qty !== null) request.qty = valid.qty;
  if (valid.price !== null) request.price = valid.price;
  if (valid.sl !== null) request.sl = valid.sl;
  if (valid.tp !== null) request.tp = valid.tp;
  if (valid.trace_id !== null) request.trace_id = valid.trace_id;
  return request;
}
