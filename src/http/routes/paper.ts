/** /paper (orders, positions, portfolio, equity), /risk (policy, preview, kill-switch), /policy/reset_daily. */
import Type from 'typebox';
import {
  type OrderOutcome,
  type OrderStatus,
  type PaperDesk,
  type PaperOrder,
  parseOrderRequest,
  parseSymbolField,
  toOrderRequest,
  TRACE_ID,
} from '../../trading/index.js';
import { ConflictError, ValidationError } from '../../shared/errors.js';
import type { HttpApp } from '../server.js';

const ORDER_STATUSES: OrderStatus[] = ['open', 'filled', 'cancelled'];

const OrderFields = {
  symbol: Type.Optional(Type.String({ description: 'BTC/USDT or BTCUSDT' })),
  side: Type.Optional(Type.String({ description: 'buy | sell (long / short accepted)' })),
  type: Type.Optional(Type.String({ description: 'market (default) | limit' })),
  notional_usd: Type.Optional(
    Type.Union([Type.Number(), Type.String()], { description: 'size in quote currency (or qty)' }),
  ),
  qty: Type.Optional(
    Type.Union([Type.Number(), Type.String()], { description: 'size in base currency (or notional_usd)' }),
  ),
  price: Type.Optional(
    Type.Union([Type.Number(), Type.String()], { description: 'limit price (limit orders only)' }),
  ),
  sl: Type.Optional(
    Type.Union([Type.Number(), Type.String()], { description: 'stop-loss price; default from ATR' }),
  ),
  tp: Type.Optional(
    Type.Union([Type.Number(), Type.String()], { description: 'take-profit price; default from ATR' }),
  ),
  trace_id: Type.Optional(Type.String({ description: 'carried by every event of the order' })),
  source: Type.Optional(Type.String()),
};

export function orderView(order: PaperOrder) {
  return {
    order_id: order.order_id,
    symbol: order.symbol,
    side: order.side,
    type: order.type,
    status: order.status,
    qty: order.qty,
    filled_qty: order.filled_qty,
    avg_price: order.filled_qty > 0 ? order.avg_price : null,
    price: order.price,
    fees: order.fees,
    notional_usd: order.notional_usd,
    sl: order.sl,
    tp: order.tp,
    purpose: order.purpose,
    reduce_only: order.reduce_only,
    trace_id: order.trace_id,
    source: order.source,
    created_at: new Date(order.created_at).toISOString(),
    updated_at: new Date(order.updated_at).toISOString(),
    cancel_reason: order.cancel_reason ?? null,
  };
}

function refused(outcome: Exclude<OrderOutcome, { status: 'accepted' }>): ConflictError {
  return new ConflictError(`order ${outcome.status}: ${outcome.reason}`);
}

function reasonOf(body: unknown, fallback: string): string {
  const reason = (body as { reason?: unknown } | undefined)?.reason;
  if (reason === undefined || reason === null || reason === '') return fallback;
  if (typeof reason !== 'string' || reason.length > 500)
    throw ValidationError.forField('reason', 'must be text of at most 500 characters');
  return reason;
}

export function registerPaperRoutes(app: HttpApp, trading: PaperDesk): void {
  app.post(
    '/paper/order',
    {
      schema: {
        tags: ['paper'],
        summary:
          'Place a paper order (JSON body or query string); 409 when risk blocks or the engine rejects it',
        body: Type.Optional(Type.Object(OrderFields)),
        querystring: Type.Object(OrderFields),
      },
      // One validator for both forms, naming the exact field: parseOrderRequest.
      validatorCompiler: () => () => true,
    },
    async (request, reply) => {
      const body = request.body ?? {};
      if (typeof body !== 'object' || Array.isArray(body))
        throw new ValidationError('body: must be a JSON object', 'body');
      const outcome = await trading.placeOrder(
        toOrderRequest(parseOrderRequest({ ...(request.query as object), ...body })),
      );
      if (outcome.status !== 'accepted') throw refused(outcome);
      return reply.status(201).send(outcome);
    },
  );

  app.get(
    '/paper/orders',
    {
      schema: {
        tags: ['paper'],
        summary: 'Orders, newest first',
        querystring: Type.Object({
          status: Type.Optional(Type.String({ description: 'open | filled | cancelled' })),
          symbol: Type.Optional(Type.String()),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
        }),
      },
    },
    async (request) => {
      const { status, symbol, limit } = request.query;
      if (status !== undefined && !ORDER_STATUSES.includes(status as OrderStatus)) {
        throw ValidationError.forField('status', `must be one of ${ORDER_STATUSES.join(', ')}`);
      }
      const orders = await trading.orders({
        status: status as OrderStatus | undefined,
        symbol: symbol === undefined || symbol === '' ? undefined : parseSymbolField('symbol', symbol),
        limit: limit ?? 100,
      });
      return { orders: orders.map(orderView) };
    },
  );

  app.post(
    '/paper/orders/:order_id/cancel',
    {
      schema: {
        tags: ['paper'],
        summary: 'Cancel an open order',
        params: Type.Object({ order_id: Type.String({ pattern: '^po-[0-9]+$' }) }),
      },
    },
    async (request) => ({ order: orderView(await trading.cancelOrder(request.params.order_id)) }),
  );

  app.get(
    '/paper/positions',
    { schema: { tags: ['paper'], summary: 'Open positions, marked to market' } },
    async () => ({
      positions: (await trading.readPortfolio()).positions,
    }),
  );

  app.post(
    '/paper/positions/:symbol/close',
    {
      schema: {
        tags: ['paper'],
        summary:
          'Close a position at market (allowed while the kill-switch is on); symbol as BTCUSDT or BTC%2FUSDT',
        params: Type.Object({ symbol: Type.String() }),
      },
    },
    async (request) => {
      const symbol = parseSymbolField('symbol', request.params.symbol);
      // The body is optional; a schema would demand one.
      const traceId = (request.body as { trace_id?: unknown } | undefined)?.trace_id;
      if (traceId !== undefined && (typeof traceId !== 'string' || !TRACE_ID.test(traceId))) {
        throw ValidationError.forField('trace_id', 'must be 1-128 characters of letters, digits and _.:-');
      }
      const order = await trading.closePosition(symbol, traceId);
      return { order: orderView(order), portfolio: trading.portfolio() };
    },
  );

  app.get(
    '/paper/portfolio',
    {
      schema: {
        tags: ['paper'],
        summary: 'Equity, cash, realized and unrealized PnL, drawdown, daily PnL, positions',
      },
    },
    async () => trading.readPortfolio(),
  );

  app.get(
    '/paper/equity',
    {
      schema: {
        tags: ['paper'],
        summary: 'Equity curve from the snapshots (every PAPER_EQUITY_SNAPSHOT_S), at most 2000 points',
        querystring: Type.Object({
          hours: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 720, default: 24 })),
        }),
      },
    },
    async (request) => {
      const hours = request.query.hours ?? 24;
      const points = (await trading.equity(hours)).map((point) => ({
        ...point,
        ts: new Date(point.ts).toISOString(),
      }));
      return { hours, points };
    },
  );

  app.get(
    '/risk/policy',
    { schema: { tags: ['risk'], summary: 'Current risk policy, limits and kill-switch' } },
    async () => trading.policyView(),
  );

  app.put(
    '/risk/policy',
    {
      schema: {
        tags: ['risk'],
        summary: 'Switch the risk policy (emits RISK_POLICY_CHANGED)',
        body: Type.Object({ name: Type.String({ description: 'conservative | moderate | aggressive' }) }),
      },
    },
    async (request) => trading.setPolicy(request.body.name),
  );

  app.post(
    '/risk/preview',
    {
      schema: {
        tags: ['risk'],
        summary:
          'SL/TP the current policy would set for an entry; ATR given or computed from the symbol`s candles',
        querystring: Type.Object({
          side: Type.String({ description: 'buy | sell' }),
          price: Type.Number({ exclusiveMinimum: 0 }),
          atr: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
          symbol: Type.Optional(Type.String()),
        }),
      },
    },
    async (request) => {
      const { side, price, atr, symbol } = request.query;
      return trading.preview({
        side,
        price,
        atr,
        symbol: symbol ? parseSymbolField('symbol', symbol) : undefined,
      });
    },
  );

  app.post(
    '/risk/killswitch',
    {
      schema: {
        tags: ['risk'],
        summary: 'Turn the kill-switch on (blocks new orders) or off (emits KILL_SWITCH)',
        body: Type.Object({ on: Type.Boolean(), reason: Type.Optional(Type.String({ maxLength: 500 })) }),
      },
    },
    async (request) =>
      trading.setKillSwitch(
        request.body.on,
        reasonOf(request.body, request.body.on ? 'manual' : 'manual reset'),
      ),
  );

  app.post(
    '/policy/reset_daily',
    {
      schema: {
        tags: ['risk'],
        summary:
          'Start a new trading day now: daily PnL from here, daily-loss kill-switch re-armed and lifted',
      },
    },
    async (request) => trading.resetDaily(reasonOf(request.body, 'api')),
  );
}
