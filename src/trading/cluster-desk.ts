/**
 * The desk of an instance among several: while it leads, the engine's desk (a TradingService on
 * the shared state store) that also executes the other instances' commands and publishes its
 * view; while it follows, the FollowerDesk. The API, the gateway and the signal router hold this
 * one object and never see the switch.
 */
import { UnavailableError } from '../shared/errors.js';
import { executeCommand, parseCommand } from './commands.js';
import type {
  DailyReset,
  DeskBoard,
  KillSwitchChange,
  PaperDesk,
  PolicyChange,
  PolicyView,
  PortfolioView,
  PreviewInput,
  RiskPreview,
  TradingStatus,
} from './desk.js';
import type { FollowerDesk } from './follower-desk.js';
import type { EquityPoint, PaperOrder } from './model.js';
import type { OrderOutcome, OrderRequest, PlaceOrderOptions, PortfolioSnapshot } from './port.js';
import type { TradingService } from './service.js';
import type { RiskPolicyName, TradingSettings } from './settings.js';
import type { OrderHistoryQuery } from './state-store.js';

export interface ClusterDeskDeps {
  /** Shown in the published view. */
  instance: string;
  /** The live settings object: a new leader adopts the risk policy the previous one used. */
  settings: TradingSettings;
  /** Build the engine's desk on the shared state store (called on taking the lead). */
  openEngine: () => Promise<TradingService>;
  follower: FollowerDesk;
  board: DeskBoard;
  /** Execute the commands of the other instances with `handler`; returns the function that stops. */
  consume: (handler: (kind: string, body: unknown) => Promise<unknown>) => () => Promise<void>;
  logger: {
    warn(object: object, message: string): void;
    error(object: object, message: string): void;
  };
  /** How often the leader publishes its view. @default 1000 */
  publishMs?: number;
}

export class ClusterDesk implements PaperDesk {
  private engine: TradingService | null = null;
  private stopConsuming: (() => Promise<void>) | null = null;
  private publishTimer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: ClusterDeskDeps) {}

  private get active(): PaperDesk {
    return this.engine ?? this.deps.follower;
  }

  /** True while this instance runs the engine. */
  get leading(): boolean {
    return this.engine !== null;
  }

  /** Take the lead: restore the engine from the shared state, publish, execute commands. */
  async lead(): Promise<void> {
    if (this.engine) return;
    this.deps.follower.stop();
    await this.adoptPolicy();
    const engine = await this.deps.openEngine();
    engine.start();
    engine.startClock();
    this.engine = engine;
    await this.publish();
    this.publishTimer = setInterval(() => void this.publish(), this.deps.publishMs ?? 1000);
    this.publishTimer.unref();
    this.stopConsuming = this.deps.consume(async (kind, body) => {
      const current = this.engine;
      if (!current) throw new UnavailableError('this instance no longer leads; try again');
      const result = await executeCommand(current, parseCommand(kind, body));
      // The sender reads the view right after the result: it must show the change.
      await this.publish();
      return result;
    });
  }

  /** Stand by: stop executing commands and the engine (recording what it produced), follow. */
  async follow(): Promise<void> {
    await this.standDown();
    this.deps.follower.start();
    await this.deps.follower.refresh().catch(() => null);
  }

  async stop(): Promise<void> {
    await this.standDown();
    this.deps.follower.stop();
  }

  private async standDown(): Promise<void> {
    clearInterval(this.publishTimer);
    this.publishTimer = undefined;
    await this.stopConsuming?.();
    this.stopConsuming = null;
    const engine = this.engine;
    this.engine = null;
    await engine?.stop();
  }

  /**
   * The risk policy is account state the cluster shares: a policy switched at run time on the
   * previous leader stays in force after a take-over, whatever this instance was started with.
   */
  private async adoptPolicy(): Promise<void> {
    const previous = (await this.deps.board.read())?.policy.name;
    if (previous === undefined || previous === this.deps.settings.RISK_POLICY) return;
    this.deps.logger.warn(
      { configured: this.deps.settings.RISK_POLICY, adopted: previous },
      `cluster: keeping the previous leader's risk policy ${previous}`,
    );
    this.deps.settings.RISK_POLICY = previous;
  }

  private async publish(): Promise<void> {
    const engine = this.engine;
    if (!engine) return;
    try {
      await this.deps.board.publish(engine.deskView(this.deps.instance));
    } catch (error) {
      this.deps.logger.error({ err: error }, 'desk view publish failed; will retry');
    }
  }

  // ---- PaperDesk: whichever desk is active --------------------------------------------------------

  placeOrder(request: OrderRequest, options?: PlaceOrderOptions): Promise<OrderOutcome> {
    return this.active.placeOrder(request, options);
  }

  portfolio(): PortfolioSnapshot {
    return this.active.portfolio();
  }

  readPortfolio(): Promise<PortfolioView> {
    return this.active.readPortfolio();
  }

  closePosition(symbol: string, traceId?: string): Promise<PaperOrder> {
    return this.active.closePosition(symbol, traceId);
  }

  cancelOrder(orderId: string): Promise<PaperOrder> {
    return this.active.cancelOrder(orderId);
  }

  orders(query: OrderHistoryQuery): Promise<PaperOrder[]> {
    return this.active.orders(query);
  }

  equity(hours: number): Promise<EquityPoint[]> {
    return this.active.equity(hours);
  }

  policyView(): Promise<PolicyView> {
    return this.active.policyView();
  }

  setPolicy(name: unknown, via?: string): Promise<PolicyChange> {
    return this.active.setPolicy(name, via);
  }

  policyChanged(from: RiskPolicyName, to: RiskPolicyName, via: string): void {
    this.active.policyChanged(from, to, via);
  }

  preview(input: PreviewInput): Promise<RiskPreview> {
    return this.active.preview(input);
  }

  setKillSwitch(on: boolean, reason: string): Promise<KillSwitchChange> {
    return this.active.setKillSwitch(on, reason);
  }

  resetDaily(reason: string): Promise<DailyReset> {
    return this.active.resetDaily(reason);
  }

  status(): TradingStatus {
    return this.active.status();
  }
}
