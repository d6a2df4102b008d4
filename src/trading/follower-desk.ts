/**
 * The desk of an instance that does not run the engine (a follower). Reads come from the shared
 * store: order history and equity curve from the state tables, the portfolio, account and policy
 * from the view the leader publishes (at least every second and after each command). Everything
 * that changes the account is a command for the leader; the follower answers once the leader has
 * executed it and re-reads the view, so its own next read shows the change.
 */
import type { EventInput } from '../events/index.js';
import type { Bar, CandleInterval } from '../market/index.js';
import { commandBody, type TradingCommand } from './commands.js';
import type {
  DailyReset,
  DeskBoard,
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
import { PaperEngine } from './engine.js';
import type { EquityPoint, PaperOrder } from './model.js';
import type { OrderOutcome, OrderRequest, PlaceOrderOptions, PortfolioSnapshot } from './port.js';
import { parsePolicyName, policyViewOf, previewRisk } from './risk-views.js';
import { averageTrueRange, RISK_POLICIES } from './risk.js';
import type { RiskPolicyName, TradingSettings } from './settings.js';
import type { OrderHistoryQuery, TradingStateStore } from './state-store.js';

export interface FollowerDeskDeps {
  /** This instance's settings: shown only until a leader has published its own. */
  settings: TradingSettings;
  /** The shared state store (orders, equity curve). */
  state: TradingStateStore;
  board: DeskBoard;
  /** Records an event (the EventLog). */
  emit: (event: EventInput) => Promise<unknown>;
  /** Hand a command to the leader and wait for its result (the command queue). */
  submit: (kind: string, body: unknown) => Promise<unknown>;
  /** Stored candles of a symbol, oldest first, the newest possibly still open (the preview's ATR). */
  candles: (symbol: string, interval: CandleInterval, count: number) => Promise<Bar[]>;
  logger: { error(object: object, message: string): void };
  /** @default Date.now */
  clock?: () => number;
}

const HOUR_MS = 3_600_000;

export class FollowerDesk implements PaperDesk {
  private view: DeskView | null = null;
  /** What a new account looks like: shown before any leader has published. */
  private readonly blank: PaperEngine;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly deps: FollowerDeskDeps) {
    this.blank = new PaperEngine({ settings: deps.settings, clock: deps.clock ?? Date.now });
  }

  /** Follow the leader's publications. */
  start(): void {
    this.unsubscribe ??= this.deps.board.onPublished(() => {
      this.refresh().catch((error: unknown) =>
        this.deps.logger.error({ err: error }, 'desk view refresh failed'),
      );
    });
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  /** Read the published view now (a newer one than held replaces it). */
  async refresh(): Promise<DeskView | null> {
    const view = await this.deps.board.read();
    if (view && (!this.view || view.ts >= this.view.ts)) this.view = view;
    return this.view;
  }

  // ---- reads ------------------------------------------------------------------------------------

  portfolio(): PortfolioSnapshot {
    return this.view?.portfolio ?? this.blank.portfolio();
  }

  async readPortfolio(): Promise<PortfolioView> {
    const view = await this.refresh();
    return view
      ? { ...view.portfolio, ...view.account }
      : { ...this.blank.portfolio(), ...this.blank.accountView() };
  }

  orders(query: OrderHistoryQuery): Promise<PaperOrder[]> {
    return this.deps.state.orders(query);
  }

  async equity(hours: number): Promise<EquityPoint[]> {
    const now = (this.deps.clock ?? Date.now)();
    return thinEquityCurve(await this.deps.state.equity(now - hours * HOUR_MS));
  }

  async policyView(): Promise<PolicyView> {
    return (await this.refresh())?.policy ?? this.ownPolicy();
  }

  async preview(input: PreviewInput): Promise<RiskPreview> {
    const policy = (await this.refresh())?.policy ?? this.ownPolicy();
    const lastActivity = this.view?.last_activity ?? {};
    const now = (this.deps.clock ?? Date.now)();
    return previewRisk(input, {
      policy: RISK_POLICIES[policy.name],
      atrOf: async (symbol) => {
        const bars = await this.deps.candles(
          symbol,
          policy.atr_interval as CandleInterval,
          policy.atr_lookback + 2,
        );
        // The newest bar may still be open; the engine's ATR uses closed bars only.
        return averageTrueRange(bars.slice(0, -1), policy.atr_lookback);
      },
      cooldownLeft: (symbol) => {
        const last = lastActivity[symbol];
        if (last === undefined) return 0;
        return Math.max(0, Math.ceil((policy.cooldown_s * 1000 - (now - last)) / 1000));
      },
    });
  }

  status(): TradingStatus {
    const view = this.view;
    if (!view) return this.blankStatus();
    return {
      equity: view.portfolio.equity,
      positions: view.portfolio.positions.length,
      open_orders: view.account.open_orders,
      policy: view.policy.name,
      kill_switch: view.account.kill_switch.on,
    };
  }

  // ---- commands (executed by the leader) --------------------------------------------------------

  /**
   * The announcement (`options.announce`) cannot travel to the leader (it is code): it is
   * recorded here once the outcome is back, so it follows the order's own events in the store.
   */
  async placeOrder(request: OrderRequest, options: PlaceOrderOptions = {}): Promise<OrderOutcome> {
    const outcome = (await this.command({ kind: 'place_order', request })) as OrderOutcome;
    const announcement = options.announce?.(outcome);
    if (announcement) await this.deps.emit(announcement);
    return outcome;
  }

  cancelOrder(orderId: string): Promise<PaperOrder> {
    return this.command({ kind: 'cancel_order', order_id: orderId }) as Promise<PaperOrder>;
  }

  closePosition(symbol: string, traceId?: string): Promise<PaperOrder> {
    return this.command({
      kind: 'close_position',
      symbol,
      ...(traceId === undefined ? {} : { trace_id: traceId }),
    }) as Promise<PaperOrder>;
  }

  setKillSwitch(on: boolean, reason: string): Promise<KillSwitchChange> {
    return this.command({ kind: 'kill_switch', on, reason }) as Promise<KillSwitchChange>;
  }

  resetDaily(reason: string): Promise<DailyReset> {
    return this.command({ kind: 'reset_daily', reason }) as Promise<DailyReset>;
  }

  async setPolicy(name: unknown, via = 'api'): Promise<PolicyChange> {
    // A bad name is a 400 here, even when no leader is there to say so.
    return (await this.command({ kind: 'set_policy', name: parsePolicyName(name), via })) as PolicyChange;
  }

  /** RISK_POLICY changed in this instance's configuration: the leader's engine must follow. */
  policyChanged(_from: RiskPolicyName, to: RiskPolicyName, via: string): void {
    this.command({ kind: 'set_policy', name: to, via }).catch((error: unknown) =>
      this.deps.logger.error({ err: error }, 'could not hand the risk policy change to the leader'),
    );
  }

  private async command(command: TradingCommand): Promise<unknown> {
    const { kind, body } = commandBody(command);
    const result = await this.deps.submit(kind, body);
    await this.refresh().catch(() => {});
    return result;
  }

  private ownPolicy(): PolicyView {
    return policyViewOf(this.deps.settings, this.blank.killSwitchView());
  }

  private blankStatus(): TradingStatus {
    return {
      equity: this.blank.equity(),
      positions: 0,
      open_orders: 0,
      policy: this.deps.settings.RISK_POLICY,
      kill_switch: false,
    };
  }
}
