/**
 * The paper desk: everything the API, the gateway and the signal router do with paper trading,
 * whichever instance runs the engine. Implementations: `TradingService` (this process runs the
 * engine: the embedded default and a cluster's leader), `FollowerDesk` (another instance runs it:
 * commands go to it, reads come from the shared store) and `ClusterDesk` (switches between the two
 * as leadership moves).
 */
import type { AccountView, EquityPoint, KillSwitchView, PaperOrder } from './model.js';
import type {
  OrderOutcome,
  OrderPort,
  OrderRequest,
  PlaceOrderOptions,
  PortfolioSnapshot,
  PortfolioSource,
} from './port.js';
import type { RISK_POLICIES } from './risk.js';
import type { RiskPolicyName } from './settings.js';
import type { OrderHistoryQuery } from './state-store.js';

export type PortfolioView = PortfolioSnapshot & AccountView;

export interface PolicyView {
  name: RiskPolicyName;
  sl_atr: number;
  tp_atr: number;
  cooldown_s: number;
  atr_lookback: number;
  atr_interval: string;
  min_notional: number;
  max_notional: number;
  max_position_notional: number;
  max_daily_loss: number;
  kill_switch: KillSwitchView;
  policies: typeof RISK_POLICIES;
}

export type PolicyChange = { changed: boolean } & PolicyView;

export interface PreviewInput {
  side: string;
  price: number;
  atr?: number;
  symbol?: string;
}

export interface RiskPreview {
  policy: RiskPolicyName;
  side: 'buy' | 'sell';
  price: number;
  atr: number;
  atr_source: string;
  sl: number;
  tp: number;
  sl_atr: number;
  tp_atr: number;
  cooldown_s: number;
  risk_reward: number;
  cooldown_left_s: number | null;
}

export interface KillSwitchChange {
  changed: boolean;
  kill_switch: KillSwitchView;
}

export interface DailyReset {
  portfolio: PortfolioSnapshot;
  kill_switch: KillSwitchView;
}

/** The `paper` section of GET /status. */
export interface TradingStatus {
  equity: number;
  positions: number;
  open_orders: number;
  policy: RiskPolicyName;
  kill_switch: boolean;
}

export interface PaperDesk extends OrderPort, PortfolioSource {
  placeOrder(request: OrderRequest, options?: PlaceOrderOptions): Promise<OrderOutcome>;
  /** The latest portfolio this process knows (synchronous: the gateway's periodic snapshot). */
  portfolio(): PortfolioSnapshot;
  /** The portfolio and account, read fresh (HTTP). */
  readPortfolio(): Promise<PortfolioView>;
  /** Throws NotFoundError without an open position. */
  closePosition(symbol: string, traceId?: string): Promise<PaperOrder>;
  /** Throws NotFoundError when the order is not open. */
  cancelOrder(orderId: string): Promise<PaperOrder>;
  orders(query: OrderHistoryQuery): Promise<PaperOrder[]>;
  equity(hours: number): Promise<EquityPoint[]>;
  policyView(): Promise<PolicyView>;
  /** Throws ValidationError naming `name` for an unknown policy. */
  setPolicy(name: unknown, via?: string): Promise<PolicyChange>;
  /** RISK_POLICY changed in this process's configuration (PUT /config). */
  policyChanged(from: RiskPolicyName, to: RiskPolicyName, via: string): void;
  preview(input: PreviewInput): Promise<RiskPreview>;
  setKillSwitch(on: boolean, reason: string): Promise<KillSwitchChange>;
  resetDaily(reason: string): Promise<DailyReset>;
  status(): TradingStatus;
}

/** What the engine's instance publishes for the others to show (several instances). */
export interface DeskView {
  /** Instance that published it, and when (epoch ms). */
  published_by: string;
  ts: number;
  portfolio: PortfolioSnapshot;
  account: AccountView;
  /** The engine's risk policy and limits (its instance's settings). */
  policy: PolicyView;
  /** Start of each symbol's cooldown (the risk preview's `cooldown_left_s`). */
  last_activity: Record<string, number>;
}

/** At most this many points of the equity curve go out; a longer curve is thinned evenly. */
export const MAX_EQUITY_POINTS = 2000;

/** Thin a curve evenly to `MAX_EQUITY_POINTS`, keeping the latest point. */
export function thinEquityCurve(points: EquityPoint[]): EquityPoint[] {
  if (points.length <= MAX_EQUITY_POINTS) return points;
  const step = points.length / MAX_EQUITY_POINTS;
  const thinned: EquityPoint[] = [];
  for (let i = points.length - 1; i >= 0; i -= step) thinned.push(points[Math.floor(i)]!);
  return thinned.reverse();
}

/** Where the desk view is published and read (the PostgreSQL state store). */
export interface DeskBoard {
  publish(view: DeskView): Promise<void>;
  read(): Promise<DeskView | null>;
  /** Calls `listener` after each publication (possibly from another instance). Returns the unsubscribe function. */
  onPublished(listener: () => void): () => void;
}
