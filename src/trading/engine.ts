/**
 * The paper-trading engine: tick-driven fills, positions, SL/TP, PnL, equity snapshots and the
 * risk guard, all synchronous and deterministic. Given the same ticks and commands it produces
 * the same events: the only inputs are ticks, commands and the injected clock (by default the
 * time of the latest tick, as in replays and backtests; the app passes the wall clock).
 *
 * The engine never awaits anything. Events go to an outbox that a recorder drains into the
 * EventLog in batches; changed state is collected for the state store the same way.
 *
 * Fill model:
 * - market orders take the touch: buys at ask × (1 + slippage), sells at bid × (1 − slippage),
 *   taker fee;
 * - a limit order marketable when placed fills like a market order but never beyond its price;
 *   one that rests fills at its price (maker fee, no slippage) once the touch reaches it;
 * - one tick offers at most the top-of-book size (askQty / bidQty when the feed gives them), so
 *   a larger order fills partially, tick after tick;
 * - positions are netted per symbol with an average entry; an opposite order reduces, closes
 *   and, with quantity left, reverses;
 * - a long is marked at the bid, a short at the ask (what closing would get before slippage).
 */
import type { EventInput, Severity } from '../events/index.js';
import { emptyTopOfBook, type Tick, type TopOfBook } from '../market/index.js';
import { ValidationError } from '../shared/errors.js';
import type {
  AccountView,
  EngineState,
  EquityPoint,
  PaperAccount,
  PaperOrder,
  PaperPosition,
  OrderPurpose,
  KillSwitchView,
  StateChanges,
} from './model.js';
import { type ValidOrderRequest, validateOrderRequest } from './order-request.js';
import type { OrderOutcome, OrderRequest, OrderSide, PortfolioSnapshot, PositionView } from './port.js';
import { RISK_POLICIES, type RiskPolicy, atrLevels } from './risk.js';
import type { RiskPolicyName, TradingSettings } from './settings.js';

export type EngineSettings = Pick<
  TradingSettings,
  | 'PAPER_INITIAL_CASH'
  | 'PAPER_SLIPPAGE_BPS'
  | 'PAPER_MAKER_FEE_BPS'
  | 'PAPER_TAKER_FEE_BPS'
  | 'PAPER_EQUITY_SNAPSHOT_S'
  | 'RISK_POLICY'
  | 'RISK_MIN_NOTIONAL'
  | 'RISK_MAX_NOTIONAL'
  | 'RISK_MAX_POSITION_NOTIONAL'
  | 'RISK_MAX_DAILY_LOSS'
>;

export interface PaperEngineOptions {
  /** Read on every use, so tunable changes apply at once. */
  settings: EngineSettings;
  /** ATR of a symbol for ATR-derived SL/TP; undefined when not known yet. */
  atr?: (symbol: string) => number | undefined;
  /** Engine clock, epoch ms. @default the time of the latest tick */
  clock?: () => number;
  /** State to resume from (after a restart). */
  state?: EngineState;
  /** Called when the outbox goes from empty to non-empty. */
  onOutput?: () => void;
}

/** Per-symbol market state and what the engine holds on it. */
interface Market extends TopOfBook {
  symbol: string;
  position: PaperPosition | null;
  /** Open orders of this symbol, oldest first. */
  working: PaperOrder[];
}

const DAY_MS = 86_400_000;
const EPSILON = 1e-12;
const DAILY_LOSS_REASON = 'max daily loss reached';

function round8(value: number): number {
  return Math.round(value * 1e8) / 1e8;
}

function nextUtcMidnight(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS + DAY_MS;
}

export function newAccount(initialCash: number): PaperAccount {
  return {
    initial_cash: initialCash,
    cash: initialCash,
    realized_pnl: 0,
    fees_paid: 0,
    peak_equity: initialCash,
    max_drawdown: 0,
    day_start: 0,
    day_start_equity: initialCash,
    daily_loss_tripped: false,
    kill_switch: { on: false, reason: null, since: null },
    next_order_seq: 1,
    next_snapshot_at: 0,
    last_activity: {},
    market_ts: 0,
  };
}

export class PaperEngine {
  private readonly settings: EngineSettings;
  private readonly atr: (symbol: string) => number | undefined;
  private readonly clock: (() => number) | null;
  private readonly onOutput: (() => void) | undefined;
  private readonly markets = new Map<string, Market>();
  private readonly account: PaperAccount;
  private outbox: EventInput[] = [];
  private dirtyOrders = new Set<PaperOrder>();
  private equityPoints: EquityPoint[] = [];
  private stateChanged = false;
  /** Σ signed qty × entry over positions: equity = cash + costBasis + unrealized. */
  private costBasis = 0;
  private unrealized = 0;

  constructor(options: PaperEngineOptions) {
    this.settings = options.settings;
    this.atr = options.atr ?? (() => undefined);
    this.clock = options.clock ?? null;
    this.onOutput = options.onOutput;
    const state = options.state;
    this.account = state ? structuredClone(state.account) : newAccount(options.settings.PAPER_INITIAL_CASH);
    for (const position of state?.positions ?? []) {
      const market = this.market(position.symbol);
      market.position = { ...position };
      this.costBasis += position.qty * position.entry_price;
      this.unrealized += position.unrealized_pnl;
    }
    for (const order of state?.open_orders ?? []) this.market(order.symbol).working.push({ ...order });
  }

  // ---- ticks --------------------------------------------------------------------------------

  /** The hot path: update the book, work orders, mark the position, check SL/TP, equity and limits. */
  onTick(tick: Tick): void {
    const market = this.markets.get(tick.symbol) ?? this.market(tick.symbol);
    market.bid = tick.bid;
    market.ask = tick.ask;
    market.bidQty = tick.bidQty;
    market.askQty = tick.askQty;
    market.last = tick.last;
    if (tick.ts > this.account.market_ts) this.account.market_ts = tick.ts;
    if (market.working.length > 0) this.workOrders(market);
    const position = market.position;
    if (position !== null) {
      const mark = position.qty > 0 ? market.bid : market.ask;
      if (mark > 0) {
        const unrealized = (mark - position.entry_price) * position.qty;
        this.unrealized += unrealized - position.unrealized_pnl;
        position.unrealized_pnl = unrealized;
        position.mark_price = mark;
        if (position.closing_order_id === null) this.checkExits(market, position, mark);
      }
    }
    this.afterMarkToMarket();
  }

  /** Let time pass without a tick (the app's timer): snapshots and day roll follow the clock. */
  advance(): void {
    this.afterMarkToMarket();
  }

  private afterMarkToMarket(): void {
    const account = this.account;
    const equity = account.cash + this.costBasis + this.unrealized;
    if (equity > account.peak_equity) account.peak_equity = equity;
    const now = this.now();
    if (now >= account.next_snapshot_at) this.snapshot(now, equity);
    if (now >= account.day_start + DAY_MS) this.rollDay(now, equity);
    const maxLoss = this.settings.RISK_MAX_DAILY_LOSS;
    if (maxLoss > 0 && !account.daily_loss_tripped && equity - account.day_start_equity <= -maxLoss) {
      account.daily_loss_tripped = true;
      this.stateChanged = true;
      if (!account.kill_switch.on) {
        this.switchKill(true, DAILY_LOSS_REASON, now, equity, 'critical');
      }
    }
  }

  private checkExits(market: Market, position: PaperPosition, mark: number): void {
    const long = position.qty > 0;
    const { sl, tp } = position;
    if (sl !== null && (long ? mark <= sl : mark >= sl))
      this.triggerExit(market, position, 'stop_loss', sl, mark);
    else if (tp !== null && (long ? mark >= tp : mark <= tp))
      this.triggerExit(market, position, 'take_profit', tp, mark);
  }

  private triggerExit(
    market: Market,
    position: PaperPosition,
    trigger: 'stop_loss' | 'take_profit',
    level: number,
    mark: number,
  ): void {
    this.emit(
      'RISK_SLTP',
      market.symbol,
      position.trace_id,
      'risk',
      trigger === 'stop_loss' ? 'warning' : 'info',
      {
        action: 'triggered',
        trigger,
        level: round8(level),
        price: mark,
        side: position.qty > 0 ? 'long' : 'short',
        qty: round8(Math.abs(position.qty)),
      },
    );
    this.closeWithOrder(market, position, trigger);
  }

  // ---- commands -----------------------------------------------------------------------------

  /**
   * Place an order through the risk guard. Throws ValidationError for bad input (naming the
   * field); returns `blocked` for a risk refusal (RISK_BLOCKED), `rejected` when the engine
   * cannot take it (ORDER_REJECTED), `accepted` otherwise (ORDER_NEW, then fills).
   */
  placeOrder(request: OrderRequest): OrderOutcome {
    const valid = validateOrderRequest(request);
    const now = this.now();
    const market = this.market(valid.symbol);
    const account = this.account;
    const policy = this.policy();
    const base = {
      side: valid.side,
      type: valid.type,
      notional_usd: valid.notional_usd,
      qty: valid.qty,
      source: valid.source,
    };

    if (account.kill_switch.on) {
      return this.block(valid, 'kill_switch', { ...base, kill_switch_reason: account.kill_switch.reason });
    }
    const lastActivity = account.last_activity[valid.symbol];
    const cooldownMs = policy.cooldown_s * 1000;
    if (lastActivity !== undefined && now - lastActivity < cooldownMs) {
      const remaining = Math.ceil((cooldownMs - (now - lastActivity)) / 1000);
      return this.block(valid, 'cooldown', {
        ...base,
        policy: policy.name,
        cooldown_s: policy.cooldown_s,
        remaining_s: remaining,
      });
    }

    const touch = valid.side === 'buy' ? market.ask : market.bid;
    if (!(touch > 0)) return this.reject(valid, 'no_market_data', base);
    const direction = valid.side === 'buy' ? 1 : -1;
    const reference = valid.price ?? touch;
    if (valid.sl !== null && (reference - valid.sl) * direction <= 0) {
      throw ValidationError.forField(
        'sl',
        `must be ${direction > 0 ? 'below' : 'above'} the entry price ${reference}`,
      );
    }
    if (valid.tp !== null && (valid.tp - reference) * direction <= 0) {
      throw ValidationError.forField(
        'tp',
        `must be ${direction > 0 ? 'above' : 'below'} the entry price ${reference}`,
      );
    }

    const requested = valid.notional_usd ?? valid.qty! * reference;
    const { RISK_MIN_NOTIONAL: min, RISK_MAX_NOTIONAL: max } = this.settings;
    const notional = Math.min(Math.max(requested, min), Math.max(min, max));
    const qty = round8(notional / reference);
    if (!(qty > 0)) return this.reject(valid, 'quantity_rounds_to_zero', base);

    const held = market.position?.qty ?? 0;
    const after = held + direction * qty;
    const maxPosition = this.settings.RISK_MAX_POSITION_NOTIONAL;
    if (Math.abs(after) > Math.abs(held) && Math.abs(after) * reference > maxPosition) {
      return this.block(valid, 'max_position_notional', {
        ...base,
        position_notional: round8(Math.abs(after) * reference),
        max_position_notional: maxPosition,
      });
    }
    if (direction > 0 && held >= 0) {
      const cost =
        qty *
        reference *
        (1 + (this.settings.PAPER_SLIPPAGE_BPS + this.settings.PAPER_TAKER_FEE_BPS) / 10_000);
      if (cost > account.cash)
        return this.reject(valid, 'insufficient_cash', {
          ...base,
          cost: round8(cost),
          cash: round8(account.cash),
        });
    }

    let slDistance: number | null = null;
    let tpDistance: number | null = null;
    let atr: number | undefined;
    if (valid.sl === null || valid.tp === null) {
      atr = this.atr(valid.symbol);
      if (atr !== undefined && atr > 0) {
        const levels = atrLevels(policy, valid.side, 0, atr);
        if (valid.sl === null) slDistance = Math.abs(levels.sl);
        if (valid.tp === null) tpDistance = Math.abs(levels.tp);
      }
    }

    const orderId = `po-${account.next_order_seq++}`;
    const order: PaperOrder = {
      order_id: orderId,
      symbol: valid.symbol,
      side: valid.side,
      type: valid.type,
      qty,
      filled_qty: 0,
      avg_price: 0,
      price: valid.price,
      fees: 0,
      status: 'open',
      notional_usd: round8(notional),
      sl: valid.sl,
      tp: valid.tp,
      sl_distance: slDistance,
      tp_distance: tpDistance,
      reduce_only: false,
      purpose: 'entry',
      resting: false,
      trace_id: valid.trace_id ?? orderId,
      source: valid.source,
      created_at: now,
      updated_at: now,
    };
    account.last_activity[valid.symbol] = now;
    this.emit('ORDER_NEW', order.symbol, order.trace_id, 'paper', 'info', {
      order_id: orderId,
      side: order.side,
      type: order.type,
      qty,
      price: order.price,
      notional_usd: order.notional_usd,
      requested_notional_usd: round8(requested),
      clamped: Math.abs(requested - notional) > 1e-9,
      sl: order.sl,
      tp: order.tp,
      sl_atr_distance: slDistance === null ? null : round8(slDistance),
      tp_atr_distance: tpDistance === null ? null : round8(tpDistance),
      atr: atr === undefined ? null : round8(atr),
      policy: policy.name,
      purpose: 'entry',
      source: order.source,
    });
    this.addWorking(market, order);
    const outcome: OrderOutcome = {
      status: 'accepted',
      order_id: orderId,
      notional_usd: order.notional_usd,
      qty,
      sl: order.sl,
      tp: order.tp,
    };
    this.afterMarkToMarket();
    return outcome;
  }

  /** Close a position at market (manual close; allowed while the kill-switch is on). */
  closePosition(symbol: string, trace_id?: string): PaperOrder | null {
    const market = this.markets.get(symbol);
    const position = market?.position;
    if (!market || !position) return null;
    if (position.closing_order_id !== null) {
      return market.working.find((order) => order.order_id === position.closing_order_id) ?? null;
    }
    const order = this.closeWithOrder(market, position, 'manual_close', trace_id);
    this.afterMarkToMarket();
    return order;
  }

  /** Cancel an open order. */
  cancelOrder(orderId: string, reason = 'cancelled by user'): PaperOrder | null {
    for (const market of this.markets.values()) {
      const order = market.working.find((candidate) => candidate.order_id === orderId);
      if (order) {
        this.finishOrder(market, order, 'cancelled', reason);
        return order;
      }
    }
    return null;
  }

  setKillSwitch(on: boolean, reason: string): boolean {
    if (this.account.kill_switch.on === on) return false;
    this.switchKill(on, reason, this.now(), this.equity(), on ? 'critical' : 'info');
    return true;
  }

  /**
   * Start a new trading day now: daily PnL counts from here, the daily-loss limit is armed again,
   * and a kill-switch that the limit turned on is turned off (one turned on by hand stays on).
   */
  resetDaily(reason: string): void {
    const now = this.now();
    const equity = this.equity();
    const previous = equity - this.account.day_start_equity;
    this.account.day_start = now;
    this.account.day_start_equity = equity;
    this.account.daily_loss_tripped = false;
    this.stateChanged = true;
    this.emit('RISK_DAILY_RESET', undefined, undefined, 'risk', 'info', {
      reason,
      policy: this.settings.RISK_POLICY,
      previous_daily_pnl: round8(previous),
      day_start_equity: round8(equity),
    });
    const kill = this.account.kill_switch;
    if (kill.on && kill.reason === DAILY_LOSS_REASON)
      this.switchKill(false, `daily reset: ${reason}`, now, equity, 'info');
  }

  /** Record a change of RISK_POLICY (the setting is the source of truth; this makes the event). */
  announcePolicyChange(from: RiskPolicyName, to: RiskPolicyName, via: string): void {
    const policy = RISK_POLICIES[to];
    this.emit('RISK_POLICY_CHANGED', undefined, undefined, 'risk', 'info', {
      from,
      to,
      via,
      sl_atr: policy.sl_atr,
      tp_atr: policy.tp_atr,
      cooldown_s: policy.cooldown_s,
    });
  }

  // ---- reading ------------------------------------------------------------------------------

  now(): number {
    return this.clock ? this.clock() : this.account.market_ts;
  }

  policy(): RiskPolicy {
    return RISK_POLICIES[this.settings.RISK_POLICY];
  }

  equity(): number {
    return this.account.cash + this.costBasis + this.unrealized;
  }

  killSwitch(): PaperAccount['kill_switch'] {
    return { ...this.account.kill_switch };
  }

  /** Cooldown left on a symbol, seconds (0 when none). */
  cooldownLeft(symbol: string): number {
    const last = this.account.last_activity[symbol];
    if (last === undefined) return 0;
    return Math.max(0, Math.ceil((this.policy().cooldown_s * 1000 - (this.now() - last)) / 1000));
  }

  portfolio(): PortfolioSnapshot {
    const account = this.account;
    const equity = this.equity();
    return {
      ts: new Date(this.now()).toISOString(),
      equity: round8(equity),
      cash: round8(account.cash),
      realized_pnl: round8(account.realized_pnl),
      unrealized_pnl: round8(this.unrealized),
      daily_pnl: round8(equity - account.day_start_equity),
      drawdown:
        account.peak_equity > 0
          ? round8(Math.max(0, (account.peak_equity - equity) / account.peak_equity))
          : 0,
      positions: this.positions(),
    };
  }

  /** Account figures beyond the PortfolioSource contract (GET /paper/portfolio). */
  accountView(): AccountView {
    const account = this.account;
    return {
      initial_cash: account.initial_cash,
      fees_paid: round8(account.fees_paid),
      peak_equity: round8(account.peak_equity),
      max_drawdown: round8(account.max_drawdown),
      day_start: account.day_start > 0 ? new Date(account.day_start).toISOString() : null,
      day_start_equity: round8(account.day_start_equity),
      kill_switch: this.killSwitchView(),
      open_orders: this.openOrders().length,
    };
  }

  killSwitchView(): KillSwitchView {
    const kill = this.account.kill_switch;
    return {
      on: kill.on,
      reason: kill.reason,
      since: kill.since === null ? null : new Date(kill.since).toISOString(),
    };
  }

  positions(): PositionView[] {
    const views: PositionView[] = [];
    for (const market of this.markets.values()) {
      const position = market.position;
      if (!position) continue;
      views.push({
        symbol: position.symbol,
        side: position.qty > 0 ? 'long' : 'short',
        qty: round8(Math.abs(position.qty)),
        entry_price: round8(position.entry_price),
        mark_price: position.mark_price,
        unrealized_pnl: round8(position.unrealized_pnl),
        sl: position.sl === null ? null : round8(position.sl),
        tp: position.tp === null ? null : round8(position.tp),
        opened_at: new Date(position.opened_at).toISOString(),
        trace_id: position.trace_id,
      });
    }
    return views.sort((a, b) => a.symbol.localeCompare(b.symbol));
  }

  openOrders(): PaperOrder[] {
    const orders: PaperOrder[] = [];
    for (const market of this.markets.values()) orders.push(...market.working);
    return orders.sort((a, b) => a.created_at - b.created_at || seq(a) - seq(b));
  }

  /** The state a restart resumes from. */
  state(): EngineState {
    const positions: PaperPosition[] = [];
    for (const market of this.markets.values()) if (market.position) positions.push({ ...market.position });
    return {
      account: structuredClone(this.account),
      positions,
      open_orders: this.openOrders().map((order) => ({ ...order })),
    };
  }

  // ---- outbox -------------------------------------------------------------------------------

  hasOutput(): boolean {
    return this.outbox.length > 0 || this.stateChanged || this.dirtyOrders.size > 0;
  }

  /** Events produced since the last call, in order. */
  takeEvents(): EventInput[] {
    const events = this.outbox;
    this.outbox = [];
    return events;
  }

  /** Events waiting in the outbox: a mark for `insertEvent`. */
  get outboxLength(): number {
    return this.outbox.length;
  }

  /** Record an outside event at a mark taken earlier, ahead of what the engine produced since. */
  insertEvent(mark: number, event: EventInput): void {
    this.outbox.splice(Math.min(mark, this.outbox.length), 0, event);
  }

  /** Put events back at the head of the outbox (their append failed; they will be retried). */
  requeueEvents(events: EventInput[]): void {
    this.outbox = events.concat(this.outbox);
  }

  /** State changed since the last call, or null when nothing changed. */
  takeChanges(): StateChanges | null {
    if (!this.stateChanged && this.dirtyOrders.size === 0 && this.equityPoints.length === 0) return null;
    const positions: PaperPosition[] = [];
    for (const market of this.markets.values()) if (market.position) positions.push({ ...market.position });
    const changes: StateChanges = {
      account: structuredClone(this.account),
      positions,
      orders: [...this.dirtyOrders].map((order) => ({ ...order })),
      equity: this.equityPoints,
    };
    this.dirtyOrders = new Set();
    this.equityPoints = [];
    this.stateChanged = false;
    return changes;
  }

  // ---- internals ----------------------------------------------------------------------------

  private market(symbol: string): Market {
    let market = this.markets.get(symbol);
    if (!market) {
      market = {
        symbol,
        ...emptyTopOfBook(),
        position: null,
        working: [],
      };
      this.markets.set(symbol, market);
    }
    return market;
  }

  private emit(
    type: string,
    symbol: string | undefined,
    traceId: string | undefined,
    source: string,
    severity: Severity,
    payload: Record<string, unknown>,
  ): void {
    this.outbox.push({
      ts: new Date(this.now()).toISOString(),
      event_type: type,
      severity,
      symbol,
      trace_id: traceId,
      source,
      payload,
    });
    if (this.outbox.length === 1) this.onOutput?.();
  }

  private block(valid: ValidOrderRequest, reason: string, details: Record<string, unknown>): OrderOutcome {
    this.emit('RISK_BLOCKED', valid.symbol, valid.trace_id ?? undefined, 'risk', 'warning', {
      reason,
      ...details,
    });
    return { status: 'blocked', reason };
  }

  private reject(valid: ValidOrderRequest, reason: string, details: Record<string, unknown>): OrderOutcome {
    this.emit('ORDER_REJECTED', valid.symbol, valid.trace_id ?? undefined, 'paper', 'warning', {
      reason,
      ...details,
    });
    return { status: 'rejected', reason };
  }

  private switchKill(on: boolean, reason: string, now: number, equity: number, severity: Severity): void {
    this.account.kill_switch = { on, reason, since: on ? now : null };
    this.stateChanged = true;
    this.emit('KILL_SWITCH', undefined, undefined, 'risk', severity, {
      on,
      reason,
      daily_pnl: round8(equity - this.account.day_start_equity),
      max_daily_loss: this.settings.RISK_MAX_DAILY_LOSS,
    });
  }

  private closeWithOrder(
    market: Market,
    position: PaperPosition,
    purpose: OrderPurpose,
    traceId?: string,
  ): PaperOrder {
    const account = this.account;
    const now = this.now();
    const orderId = `po-${account.next_order_seq++}`;
    const side: OrderSide = position.qty > 0 ? 'sell' : 'buy';
    const qty = round8(Math.abs(position.qty));
    const order: PaperOrder = {
      order_id: orderId,
      symbol: market.symbol,
      side,
      type: 'market',
      qty,
      filled_qty: 0,
      avg_price: 0,
      price: null,
      fees: 0,
      status: 'open',
      notional_usd: round8(qty * position.mark_price),
      sl: null,
      tp: null,
      sl_distance: null,
      tp_distance: null,
      reduce_only: true,
      purpose,
      resting: false,
      trace_id: traceId ?? position.trace_id,
      source: purpose === 'manual_close' ? 'api' : 'risk',
      created_at: now,
      updated_at: now,
    };
    position.closing_order_id = orderId;
    this.emit('ORDER_NEW', market.symbol, order.trace_id, 'paper', 'info', {
      order_id: orderId,
      side,
      type: 'market',
      qty,
      price: null,
      notional_usd: order.notional_usd,
      purpose,
      reduce_only: true,
      source: order.source,
    });
    this.addWorking(market, order);
    return order;
  }

  private addWorking(market: Market, order: PaperOrder): void {
    market.working.push(order);
    this.dirtyOrders.add(order);
    this.workOrder(market, order);
    // A limit order that could not fill at once rests on the book as a maker order.
    if (order.status === 'open' && order.type === 'limit' && order.filled_qty === 0) order.resting = true;
  }

  private workOrders(market: Market): void {
    // Oldest first; a finished order leaves the list, and the next one then sits at the same index.
    const working = market.working;
    for (let i = 0; i < working.length;) {
      const order = working[i]!;
      this.workOrder(market, order);
      if (working[i] === order) i++;
    }
  }

  /** Fill what this tick allows of one order. */
  private workOrder(market: Market, order: PaperOrder): void {
    const buy = order.side === 'buy';
    const touch = buy ? market.ask : market.bid;
    if (!(touch > 0)) return;
    const settings = this.settings;
    const slip = settings.PAPER_SLIPPAGE_BPS / 10_000;
    let price: number;
    let maker = false;
    if (order.type === 'market') {
      price = buy ? touch * (1 + slip) : touch * (1 - slip);
    } else {
      const limit = order.price!;
      if (buy ? touch > limit : touch < limit) return;
      if (order.resting) {
        price = limit;
        maker = true;
      } else {
        price = buy ? Math.min(limit, touch * (1 + slip)) : Math.max(limit, touch * (1 - slip));
      }
    }
    price = round8(price);
    const position = market.position;
    let remaining = round8(order.qty - order.filled_qty);
    if (order.reduce_only) {
      const closable = position && position.qty > 0 !== buy ? Math.abs(position.qty) : 0;
      if (closable <= EPSILON) {
        this.finishOrder(market, order, 'cancelled', 'position already closed');
        return;
      }
      remaining = Math.min(remaining, round8(closable));
    }
    const available = buy ? market.askQty : market.bidQty;
    const fillQty = available > 0 && available < remaining ? round8(available) : remaining;
    if (!(fillQty > 0)) return;
    const fee = round8(
      (fillQty * price * (maker ? settings.PAPER_MAKER_FEE_BPS : settings.PAPER_TAKER_FEE_BPS)) / 10_000,
    );

    const now = this.now();
    order.avg_price = round8(
      (order.avg_price * order.filled_qty + price * fillQty) / (order.filled_qty + fillQty),
    );
    order.filled_qty = round8(order.filled_qty + fillQty);
    order.fees = round8(order.fees + fee);
    order.updated_at = now;
    this.dirtyOrders.add(order);
    // A closing order is complete when the position is gone, even if it shrank meanwhile.
    const complete =
      order.qty - order.filled_qty <= EPSILON ||
      (order.reduce_only && Math.abs(Math.abs(position!.qty) - fillQty) <= EPSILON);
    const fill = {
      order_id: order.order_id,
      side: order.side,
      // ORDER_FILLED: the quantity the order filled in all; a partial fill gives the ordered quantity.
      qty: complete ? order.filled_qty : order.qty,
      fill_qty: fillQty,
      price,
      fee,
      liquidity: maker ? 'maker' : 'taker',
      slippage_bps: maker ? 0 : settings.PAPER_SLIPPAGE_BPS,
      touch,
      filled_qty: order.filled_qty,
      remaining_qty: complete ? 0 : round8(order.qty - order.filled_qty),
      avg_price: order.avg_price,
      fees: order.fees,
      purpose: order.purpose,
    };
    this.emit(
      complete ? 'ORDER_FILLED' : 'ORDER_PARTIAL_FILL',
      market.symbol,
      order.trace_id,
      'paper',
      'info',
      fill,
    );
    this.applyFill(market, order, buy ? fillQty : -fillQty, price, fee, now);
    if (complete) this.finishOrder(market, order, 'filled');
  }

  /** Book a fill into cash, the position and PnL; emits the position events (after the order's). */
  private applyFill(
    market: Market,
    order: PaperOrder,
    signedQty: number,
    price: number,
    fee: number,
    now: number,
  ): void {
    const account = this.account;
    account.cash -= signedQty * price + fee;
    account.fees_paid += fee;
    account.realized_pnl -= fee;
    this.stateChanged = true;

    let position = market.position;
    let qtyLeft = signedQty;
    let feeLeft = fee;
    if (position && Math.sign(position.qty) !== Math.sign(signedQty)) {
      const closeQty = Math.min(Math.abs(signedQty), Math.abs(position.qty));
      const closeFee = fee * (closeQty / Math.abs(signedQty));
      const entryFee = position.open_fees * (closeQty / Math.abs(position.qty));
      const direction = Math.sign(position.qty);
      const gross = (price - position.entry_price) * closeQty * direction;
      account.realized_pnl += gross;
      this.costBasis -= position.qty * position.entry_price;
      this.unrealized -= position.unrealized_pnl;
      position.qty = round8(position.qty - direction * closeQty);
      position.open_fees -= entryFee;
      position.closed_qty += closeQty;
      position.exit_value += closeQty * price;
      position.closed_gross_pnl += gross;
      position.closed_fees += entryFee + closeFee;
      qtyLeft = signedQty + direction * closeQty;
      feeLeft = fee - closeFee;
      if (Math.abs(position.qty) <= EPSILON) {
        market.position = null;
        account.last_activity[market.symbol] = now;
        this.emit('POSITION_CLOSED', market.symbol, position.trace_id, 'paper', 'info', {
          side: direction > 0 ? 'long' : 'short',
          qty: round8(position.closed_qty),
          entry_price: round8(position.entry_price),
          exit_price: round8(position.exit_value / position.closed_qty),
          gross_pnl: round8(position.closed_gross_pnl),
          fees: round8(position.closed_fees),
          realized_pnl: round8(position.closed_gross_pnl - position.closed_fees),
          // An entry order in the other direction closed it: exactly, or with quantity left to reverse.
          reason:
            order.purpose !== 'entry'
              ? order.purpose
              : Math.abs(qtyLeft) > EPSILON
                ? 'reversed'
                : 'opposite_order',
          order_id: order.order_id,
          held_s: Math.round((now - position.opened_at) / 1000),
        });
        position = null;
      } else {
        this.costBasis += position.qty * position.entry_price;
        this.revalue(market, position);
      }
      if (order.reduce_only || Math.abs(qtyLeft) <= EPSILON) return;
    }

    if (position) {
      // Adding to a position in the same direction: average the entry.
      const held = Math.abs(position.qty);
      const added = Math.abs(qtyLeft);
      this.costBasis -= position.qty * position.entry_price;
      this.unrealized -= position.unrealized_pnl;
      position.entry_price = (position.entry_price * held + price * added) / (held + added);
      position.qty = round8(position.qty + qtyLeft);
      position.open_fees += feeLeft;
      position.max_qty = Math.max(position.max_qty, Math.abs(position.qty));
      if (order.sl !== null) position.sl = order.sl;
      if (order.tp !== null) position.tp = order.tp;
      this.costBasis += position.qty * position.entry_price;
      position.unrealized_pnl = 0;
      this.revalue(market, position);
      return;
    }

    const long = qtyLeft > 0;
    const opened: PaperPosition = {
      symbol: market.symbol,
      qty: round8(qtyLeft),
      entry_price: price,
      sl:
        order.sl ??
        (order.sl_distance === null
          ? null
          : round8(long ? price - order.sl_distance : price + order.sl_distance)),
      tp:
        order.tp ??
        (order.tp_distance === null
          ? null
          : round8(long ? price + order.tp_distance : price - order.tp_distance)),
      mark_price: long ? market.bid : market.ask,
      unrealized_pnl: 0,
      open_fees: feeLeft,
      closed_qty: 0,
      exit_value: 0,
      closed_gross_pnl: 0,
      closed_fees: 0,
      max_qty: Math.abs(qtyLeft),
      opened_at: now,
      trace_id: order.trace_id,
      closing_order_id: null,
    };
    market.position = opened;
    this.costBasis += opened.qty * opened.entry_price;
    this.revalue(market, opened);
    this.emit('POSITION_OPENED', market.symbol, opened.trace_id, 'paper', 'info', {
      side: long ? 'long' : 'short',
      qty: Math.abs(opened.qty),
      entry_price: price,
      sl: opened.sl,
      tp: opened.tp,
      order_id: order.order_id,
    });
    if (opened.sl !== null || opened.tp !== null) {
      const fromAtr = (order.sl === null && opened.sl !== null) || (order.tp === null && opened.tp !== null);
      this.emit('RISK_SLTP', market.symbol, opened.trace_id, 'risk', 'info', {
        action: 'set',
        sl: opened.sl,
        tp: opened.tp,
        entry_price: price,
        basis: fromAtr ? (order.sl !== null || order.tp !== null ? 'signal+atr' : 'atr') : 'signal',
        policy: this.settings.RISK_POLICY,
      });
    }
  }

  /** Mark a position at the current touch after its size or entry changed. */
  private revalue(market: Market, position: PaperPosition): void {
    const mark = position.qty > 0 ? market.bid : market.ask;
    const unrealized = mark > 0 ? (mark - position.entry_price) * position.qty : 0;
    if (mark > 0) position.mark_price = mark;
    this.unrealized += unrealized - position.unrealized_pnl;
    position.unrealized_pnl = unrealized;
  }

  private finishOrder(
    market: Market,
    order: PaperOrder,
    status: 'filled' | 'cancelled',
    reason?: string,
  ): void {
    order.status = status;
    order.updated_at = this.now();
    if (reason) order.cancel_reason = reason;
    this.dirtyOrders.add(order);
    const index = market.working.indexOf(order);
    if (index >= 0) market.working.splice(index, 1);
    if (market.position?.closing_order_id === order.order_id) market.position.closing_order_id = null;
    if (status === 'cancelled') {
      this.emit('ORDER_CANCELED', market.symbol, order.trace_id, 'paper', 'info', {
        order_id: order.order_id,
        reason: reason ?? 'cancelled',
        filled_qty: order.filled_qty,
        remaining_qty: round8(order.qty - order.filled_qty),
      });
    }
  }

  private snapshot(now: number, equity: number): void {
    const account = this.account;
    const interval = this.settings.PAPER_EQUITY_SNAPSHOT_S * 1000;
    account.next_snapshot_at = Math.floor(now / interval) * interval + interval;
    const drawdown = account.peak_equity > 0 ? (account.peak_equity - equity) / account.peak_equity : 0;
    if (drawdown > account.max_drawdown) account.max_drawdown = drawdown;
    this.stateChanged = true;
    const point: EquityPoint = {
      ts: now,
      equity: round8(equity),
      cash: round8(account.cash),
      realized_pnl: round8(account.realized_pnl),
      unrealized_pnl: round8(this.unrealized),
    };
    this.equityPoints.push(point);
    let positions = 0;
    for (const market of this.markets.values()) if (market.position) positions++;
    this.emit('EQUITY_SNAPSHOT', undefined, undefined, 'paper', 'debug', {
      equity: point.equity,
      cash: point.cash,
      realized_pnl: point.realized_pnl,
      unrealized_pnl: point.unrealized_pnl,
      daily_pnl: round8(equity - account.day_start_equity),
      drawdown: round8(Math.max(0, drawdown)),
      positions,
    });
  }

  private rollDay(now: number, equity: number): void {
    const account = this.account;
    account.day_start = nextUtcMidnight(now) - DAY_MS;
    account.day_start_equity = equity;
    account.daily_loss_tripped = false;
    this.stateChanged = true;
  }
}

function seq(order: PaperOrder): number {
  return Number(order.order_id.slice(3));
}
