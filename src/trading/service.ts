/**
 * Paper trading as the app runs it: the engine fed by the market's TickSource, its outbox
 * recorded through the EventLog, its state saved in the TradingStateStore (DATA_DIR/trading.db by
 * default) and restored at start. The PaperDesk of the process that runs the engine; implements
 * the cross-domain contracts OrderPort (the signal router) and PortfolioSource.
 */
import { join } from 'node:path';
import type { Histogram } from 'prom-client';
import type { EventInput } from '../events/index.js';
import type { Bar, CandleInterval, TickSource } from '../market/index.js';
import { ConfigError, NotFoundError } from '../shared/errors.js';
import { PaperEngine } from './engine.js';
import type {
  DailyReset,
  DeskView,
  KillSwitchChange,
  PaperDesk,
  PolicyChange,
  PolicyView,
  PortfolioView,
  PreviewInput,
  RiskPreview,
  TradingStatus,
} from './desk.js';
import { thinEquityCurve } from './desk.js';
import type { EngineState, EquityPoint, PaperOrder } from './model.js';
import type {
  OrderOutcome,
  OrderPort,
  OrderRequest,
  PlaceOrderOptions,
  PortfolioSnapshot,
  PortfolioSource,
} from './port.js';
import { EngineRecorder } from './recorder.js';
import { parsePolicyName, policyViewOf, previewRisk } from './risk-views.js';
import { averageTrueRange } from './risk.js';
import type { RiskPolicyName, TradingSettings } from './settings.js';
import { SqliteTradingStateStore } from './sqlite/state-store.js';
import type { OrderHistoryQuery, TradingStateStore } from './state-store.js';

export interface TradingServiceDeps {
  /** The live settings object (tunable values change in place). */
  settings: TradingSettings;
  dataDir: string;
  emit: (...events: EventInput[]) => Promise<unknown>;
  ticks: TickSource;
  /** Closed candles of a symbol, oldest first (the ATR's input). */
  closedBars: (symbol: string, interval: CandleInterval, count: number) => Bar[];
  logger: { error(object: object, message: string): void };
  /** levibot_tick_to_pnl_seconds (see `registerTradingMetrics`); ticks go untimed without it. */
  tickToPnl?: Histogram;
  /** Engine clock. @default Date.now */
  clock?: () => number;
  /** Change settings through the runtime configuration (PUT /risk/policy); without it, in place. */
  updateSettings?: (patch: Record<string, unknown>) => void;
  /** Where the account is saved; the caller keeps it open. @default SQLite, DATA_DIR/trading.db (closed on stop) */
  state?: TradingStateStore;
  /** Durability of the default SQLite store. @default 'full' */
  storeSync?: 'full' | 'normal';
}

import { TIMING_SAMPLE } from './metrics.js';
const HOUR_MS = 3_600_000;

/** Checks of the settings the engine cannot work with (stops start-up). */
export function checkTradingSettings(settings: TradingSettings): void {
  if (settings.RISK_MIN_NOTIONAL > settings.RISK_MAX_NOTIONAL) {
    throw new ConfigError(
      `RISK_MIN_NOTIONAL: ${settings.RISK_MIN_NOTIONAL} is above RISK_MAX_NOTIONAL ${settings.RISK_MAX_NOTIONAL}`,
      'RISK_MIN_NOTIONAL',
    );
  }
}

export class TradingService implements PaperDesk, OrderPort, PortfolioSource {
  readonly engine: PaperEngine;
  private readonly recorder: EngineRecorder;
  private unsubscribe: (() => void) | null = null;
  private clockTimer: NodeJS.Timeout | null = null;
  private readonly tickToPnl: Histogram | null;

  /** Open the state store (unless given), restore the saved account and build the engine on it. */
  static async open(deps: TradingServiceDeps): Promise<TradingService> {
    checkTradingSettings(deps.settings);
    const state =
      deps.state ??
      new SqliteTradingStateStore({ file: join(deps.dataDir, 'trading.db'), synchronous: deps.storeSync });
    try {
      return new TradingService(deps, state, await state.load());
    } catch (error) {
      if (deps.state === undefined) await state.close();
      throw error;
    }
  }

  private constructor(
    private readonly deps: TradingServiceDeps,
    private readonly state: TradingStateStore,
    saved: EngineState | null,
  ) {
    this.engine = new PaperEngine({
      settings: deps.settings,
      atr: (symbol) => this.atr(symbol),
      clock: deps.clock ?? Date.now,
      state: saved ?? undefined,
      onOutput: () => this.recorder.schedule(),
    });
    this.recorder = new EngineRecorder({
      engine: this.engine,
      state: this.state,
      emit: deps.emit,
      onError: (error, what) => deps.logger.error({ err: error }, `${what} failed; will retry`),
    });
    this.tickToPnl = deps.tickToPnl ?? null;
  }

  /** Take ticks from the TickSource, starting from the last known tick of each symbol. */
  start(): void {
    const engine = this.engine;
    // A restored engine (restart, take-over) knows no prices until the feed delivers; the last
    // stored tick is where the market was, so orders can fill and stops are checked at once.
    for (const symbol of this.deps.ticks.symbols()) {
      const last = this.deps.ticks.lastTick(symbol);
      if (last) engine.onTick(last);
    }
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

  /** Stop taking ticks and record what the engine produced; closes the state store it opened. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.clockTimer) clearInterval(this.clockTimer);
    this.clockTimer = null;
    await this.recorder.close();
    if (this.deps.state === undefined) await this.state.close();
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

  async readPortfolio(): Promise<PortfolioView> {
    return { ...this.engine.portfolio(), ...this.engine.accountView() };
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

  async orders(query: OrderHistoryQuery): Promise<PaperOrder[]> {
    await this.recorder.flush();
    return this.state.orders(query);
  }

  async equity(hours: number): Promise<EquityPoint[]> {
    await this.recorder.flush();
    return thinEquityCurve(await this.state.equity(this.engine.now() - hours * HOUR_MS));
  }

  async policyView(): Promise<PolicyView> {
    return this.currentPolicy();
  }

  private currentPolicy(): PolicyView {
    return policyViewOf(this.deps.settings, this.engine.killSwitchView());
  }

  async setPolicy(input: unknown, via = 'api'): Promise<PolicyChange> {
    const name = parsePolicyName(input);
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
    return { changed: from !== name, ...this.currentPolicy() };
  }

  /** Called when RISK_POLICY changed (PUT /risk/policy or PUT /config). */
  policyChanged(from: RiskPolicyName, to: RiskPolicyName, via: string): void {
    this.engine.announcePolicyChange(from, to, via);
  }

  async preview(input: PreviewInput): Promise<RiskPreview> {
    return previewRisk(input, {
      policy: this.engine.policy(),
      atrOf: (symbol) => this.atr(symbol),
      cooldownLeft: (symbol) => this.engine.cooldownLeft(symbol),
    });
  }

  async setKillSwitch(on: boolean, reason: string): Promise<KillSwitchChange> {
    const changed = this.engine.setKillSwitch(on, reason);
    await this.recorder.flush();
    return { changed, kill_switch: this.engine.killSwitchView() };
  }

  async resetDaily(reason: string): Promise<DailyReset> {
    this.engine.resetDaily(reason);
    await this.recorder.flush();
    return { portfolio: this.engine.portfolio(), kill_switch: this.engine.killSwitchView() };
  }

  /** What the other instances show while this one runs the engine. */
  deskView(publishedBy: string): DeskView {
    return {
      published_by: publishedBy,
      ts: this.engine.now(),
      portfolio: this.engine.portfolio(),
      account: this.engine.accountView(),
      policy: this.currentPolicy(),
      last_activity: this.engine.state().account.last_activity,
    };
  }

  status(): TradingStatus {
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
}
