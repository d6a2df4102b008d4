/**
 * Paper trading as the app runs it: the engine fed by the market's TickSource, its outbox
 * recorded through the EventLog, its state saved in DATA_DIR/trading.db and restored at start.
 * Implements the cross-domain contracts OrderPort (the signal router) and PortfolioSource.
 */
import { join } from 'node:path';
import { Gauge, Histogram, type Registry } from 'prom-client';
import type { EventInput } from '../events/index.js';
import type { Bar, CandleInterval, TickSource } from '../market/index.js';
import { ConfigError, NotFoundError, ValidationError } from '../shared/errors.js';
import { PaperEngine } from './engine.js';
import type { EquityPoint, OrderStatus, PaperOrder } from './model.js';
import type {
  OrderOutcome,
  OrderPort,
  OrderRequest,
  PlaceOrderOptions,
  PortfolioSnapshot,
  PortfolioSource,
} from './port.js';
import { EngineRecorder } from './recorder.js';
import { RISK_POLICIES, atrLevels, averageTrueRange } from './risk.js';
import { RISK_POLICY_NAMES, type RiskPolicyName, type TradingSettings } from './settings.js';
import { SqliteTradingStateStore } from './sqlite/state-store.js';
import type { TradingStateStore } from './state-store.js';

export interface TradingServiceDeps {
  /** The live settings object (tunable values change in place). */
  settings: TradingSettings;
  dataDir: string;
  emit: (...events: EventInput[]) => Promise<unknown>;
  ticks: TickSource;
  /** Closed candles of a symbol, oldest first (the ATR's input). */
  closedBars: (symbol: string, interval: CandleInterval, count: number) => Bar[];
  logger: { error(object: object, message: string): void };
  /** Prometheus registry for the trading metrics. */
  registry?: Registry;
  /** Engine clock. @default Date.now */
  clock?: () => number;
  /** Change settings through the runtime configuration (PUT /risk/policy); without it, in place. */
  updateSettings?: (patch: Record<string, unknown>) => void;
  /** @default 'full' */
  storeSync?: 'full' | 'normal';
}

/** One tick in this many is timed for levibot_tick_to_pnl_seconds (timing every tick costs more than the work). */
const TIMING_SAMPLE = 16;
const HOUR_MS = 3_600_000;
const MAX_EQUITY_POINTS = 2000;

export class TradingService implements OrderPort, PortfolioSource {
  readonly engine: PaperEngine;
  private readonly state: TradingStateStore;
  private readonly recorder: EngineRecorder;
  private unsubscribe: (() => void) | null = null;
  private clockTimer: NodeJS.Timeout | null = null;
  private tickToPnl: Histogram | null = null;

  constructor(private readonly deps: TradingServiceDeps) {
    const { settings } = deps;
    if (settings.RISK_MIN_NOTIONAL > settings.RISK_MAX_NOTIONAL) {
      throw new ConfigError(
        `RISK_MIN_NOTIONAL: ${settings.RISK_MIN_NOTIONAL} is above RISK_MAX_NOTIONAL ${settings.RISK_MAX_NOTIONAL}`,
        'RISK_MIN_NOTIONAL',
      );
    }
    this.state = new SqliteTradingStateStore({
      file: join(deps.dataDir, 'trading.db'),
      synchronous: deps.storeSync,
    });
    this.engine = new PaperEngine({
      settings,
      atr: (symbol) => this.atr(symbol),
      clock: deps.clock ?? Date.now,
      state: this.state.load() ?? undefined,
      onOutput: () => this.recorder.schedule(),
    });
    this.recorder = new EngineRecorder({
      engine: this.engine,
      state: this.state,
      emit: deps.emit,
      onError: (error, what) => deps.logger.error({ err: error }, `${what} failed; will retry`),
    });
    if (deps.registry) this.registerMetrics(deps.registry);
  }

  start(): void {
    const engine = this.engine;
    let count = 0;
    this.unsubscribe = this.deps.ticks.subscribeTicks('*', (tick) => {
      if (++count % TIMING_SAMPLE !== 0 || !this.tickToPnl) {
        engine.onTick(tick);
        return;
      }
      const started = performance.now();
      engine.onTick(tick);
      this.tickToPnl.observe((performance.now() - started) / 1000);
    });
  }

  /** Let snapshots and the day roll follow the clock even when no tick arrives (a serving app). */
  startClock(): void {
    if (this.clockTimer) return;
    this.clockTimer = setInterval(() => this.engine.advance(), 1000);
    this.clockTimer.unref();
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.clockTimer) clearInterval(this.clockTimer);
    this.clockTimer = null;
    await this.recorder.close();
    this.state.close();
  }

  /** Wait until every event produced so far is in the event store. */
  flush(): Promise<void> {
    return this.recorder.flush();
  }

  // ---- OrderPort / PortfolioSource ------------------------------------------------------------

  async placeOrder(request: OrderRequest, options: PlaceOrderOptions = {}): Promise<OrderOutcome> {
    // The engine is synchronous: nothing else can enter the outbox between the mark and the insert.
    const mark = this.engine.outboxLength;
    const outcome = this.engine.placeOrder(request);
    const announcement = options.announce?.(outcome);
    if (announcement) this.engine.insertEvent(mark, announcement);
    await this.recorder.flush();
    return outcome;
  }

  portfolio(): PortfolioSnapshot {
    return this.engine.portfolio();
  }

  // ---- the rest of the API ---------------------------------------------------------------------

  async closePosition(symbol: string, traceId?: string): Promise<PaperOrder> {
    const order = this.engine.closePosition(symbol, traceId);
    if (!order) throw new NotFoundError(`no open position on ${symbol}`);
    await this.recorder.flush();
    return order;
  }

  async cancelOrder(orderId: string): Promise<PaperOrder> {
    const order = this.engine.cancelOrder(orderId);
    if (!order) throw new NotFoundError(`no open order ${orderId}`);
    await this.recorder.flush();
    return order;
  }

  async orders(query: { status?: OrderStatus; symbol?: string; limit: number }): Promise<PaperOrder[]> {
    await this.recorder.flush();
    return this.state.orders(query);
  }

  async equity(hours: number): Promise<EquityPoint[]> {
    await this.recorder.flush();
    const points = this.state.equity(this.engine.now() - hours * HOUR_MS);
    if (points.length <= MAX_EQUITY_POINTS) return points;
    // Thin out evenly, keeping the latest point.
    const step = points.length / MAX_EQUITY_POINTS;
    const thinned: EquityPoint[] = [];
    for (let i = points.length - 1; i >= 0; i -= step) thinned.push(points[Math.floor(i)]!);
    return thinned.reverse();
  }

  policyView() {
    const settings = this.deps.settings;
    const policy = this.engine.policy();
    return {
      name: policy.name,
      sl_atr: policy.sl_atr,
      tp_atr: policy.tp_atr,
      cooldown_s: policy.cooldown_s,
      atr_lookback: settings.RISK_ATR_LOOKBACK,
      atr_interval: settings.RISK_ATR_INTERVAL,
      min_notional: settings.RISK_MIN_NOTIONAL,
      max_notional: settings.RISK_MAX_NOTIONAL,
      max_position_notional: settings.RISK_MAX_POSITION_NOTIONAL,
      max_daily_loss: settings.RISK_MAX_DAILY_LOSS,
      kill_switch: this.engine.killSwitchView(),
      policies: RISK_POLICIES,
    };
  }

  async setPolicy(name: unknown, via = 'api') {
    if (typeof name !== 'string' || !RISK_POLICY_NAMES.includes(name as RiskPolicyName)) {
      throw ValidationError.forField('name', `must be one of ${RISK_POLICY_NAMES.join(', ')}`);
    }
    const from = this.deps.settings.RISK_POLICY;
    if (from !== name) {
      if (this.deps.updateSettings) {
        // The setting is the source of truth; its change listener calls policyChanged.
        this.deps.updateSettings({ RISK_POLICY: name });
      } else {
        this.deps.settings.RISK_POLICY = name as RiskPolicyName;
        this.policyChanged(from, name as RiskPolicyName, via);
      }
    }
    await this.recorder.flush();
    return { changed: from !== name, ...this.policyView() };
  }

  /** Called when RISK_POLICY changed (PUT /risk/policy or PUT /config). */
  policyChanged(from: RiskPolicyName, to: RiskPolicyName, via: string): void {
    this.engine.announcePolicyChange(from, to, via);
  }

  preview(input: { side: string; price: number; atr?: number; symbol?: string }) {
    const side =
      input.side === 'buy' || input.side === 'long'
        ? 'buy'
        : input.side === 'sell' || input.side === 'short'
          ? 'sell'
          : null;
    if (!side) throw ValidationError.forField('side', 'must be buy or sell');
    if (!(input.price > 0)) throw ValidationError.forField('price', 'must be a number above 0');
    let atr = input.atr;
    let atrSource = 'given';
    if (atr === undefined) {
      if (!input.symbol)
        throw ValidationError.forField('atr', 'give atr, or a symbol to compute it from candles');
      atr = this.atr(input.symbol);
      atrSource = 'candles';
      if (atr === undefined)
        throw ValidationError.forField('atr', `no candles for ${input.symbol} yet; give atr`);
    }
    if (!(atr > 0)) throw ValidationError.forField('atr', 'must be a number above 0');
    const policy = this.engine.policy();
    const levels = atrLevels(policy, side, input.price, atr);
    return {
      policy: policy.name,
      side,
      price: input.price,
      atr,
      atr_source: atrSource,
      sl: levels.sl,
      tp: levels.tp,
      sl_atr: policy.sl_atr,
      tp_atr: policy.tp_atr,
      cooldown_s: policy.cooldown_s,
      risk_reward: policy.tp_atr / policy.sl_atr,
      cooldown_left_s: input.symbol ? this.engine.cooldownLeft(input.symbol) : null,
    };
  }

  async setKillSwitch(on: boolean, reason: string) {
    const changed = this.engine.setKillSwitch(on, reason);
    await this.recorder.flush();
    return { changed, kill_switch: this.engine.killSwitchView() };
  }

  async resetDaily(reason: string) {
    this.engine.resetDaily(reason);
    await this.recorder.flush();
    return { portfolio: this.engine.portfolio(), kill_switch: this.engine.killSwitchView() };
  }

  status() {
    const portfolio = this.engine.portfolio();
    return {
      equity: portfolio.equity,
      positions: portfolio.positions.length,
      open_orders: this.engine.openOrders().length,
      policy: this.deps.settings.RISK_POLICY,
      kill_switch: this.engine.killSwitch().on,
    };
  }

  private atr(symbol: string): number | undefined {
    const { RISK_ATR_LOOKBACK: lookback, RISK_ATR_INTERVAL: interval } = this.deps.settings;
    return averageTrueRange(this.deps.closedBars(symbol, interval as CandleInterval, lookback + 1), lookback);
  }

  private registerMetrics(registry: Registry): void {
    const engine = this.engine;
    new Gauge({
      name: 'levibot_equity',
      help: 'Paper account equity (quote currency)',
      registers: [registry],
      collect() {
        this.set(engine.equity());
      },
    });
    new Gauge({
      name: 'levibot_unrealized_pnl',
      help: 'Unrealized PnL of open paper positions',
      registers: [registry],
      collect() {
        this.set(engine.portfolio().unrealized_pnl);
      },
    });
    // A gauge despite the _total suffix the issue names it with: realized PnL falls with losses.
    new Gauge({
      name: 'levibot_realized_pnl_total',
      help: 'Realized PnL of the paper account since it was created, net of fees',
      registers: [registry],
      collect() {
        this.set(engine.portfolio().realized_pnl);
      },
    });
    this.tickToPnl = new Histogram({
      name: 'levibot_tick_to_pnl_seconds',
      help: `Time from a tick reaching the engine to PnL updated (1 tick in ${TIMING_SAMPLE} timed)`,
      buckets: [1e-6, 2.5e-6, 5e-6, 1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 5e-3],
      registers: [registry],
    });
  }
}
