/**
 * Paper trading: the deterministic tick-driven engine, risk policies and guards, state that
 * survives restarts, and the desks that implement OrderPort and PortfolioSource — the engine's
 * own (TradingService) and, with several instances, one that hands commands to the leader.
 */

// Commonly used
export type {
  OrderOutcome,
  OrderPort,
  OrderRequest,
  OrderSide,
  OrderType,
  PortfolioSnapshot,
  PortfolioSource,
  PositionView,
} from './port.js';
export { TradingService, type TradingServiceDeps, checkTradingSettings } from './service.js';
export { registerTradingMetrics } from './metrics.js';
export type {
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
export {
  TRADING_SETTINGS,
  RISK_POLICY_NAMES,
  type RiskPolicyName,
  type TradingSettings,
} from './settings.js';

// The engine and risk, for backtests and expert use
export { PaperEngine, newAccount, type EngineSettings, type PaperEngineOptions } from './engine.js';
export { RISK_POLICIES, averageTrueRange, atrLevels, type RiskPolicy } from './risk.js';
export {
  parseOrderRequest,
  validateOrderRequest,
  toOrderRequest,
  TRACE_ID,
  parseSymbolField,
  type ValidOrderRequest,
} from './order-request.js';
export type {
  AccountView,
  KillSwitchView,
  EngineState,
  EquityPoint,
  OrderStatus,
  PaperAccount,
  PaperOrder,
  PaperPosition,
  StateChanges,
} from './model.js';

// State persistence (port and adapters)
export type { TradingStateStore, OrderHistoryQuery } from './state-store.js';
export { SqliteTradingStateStore } from './sqlite/state-store.js';
export { PostgresTradingStateStore } from './postgres/state-store.js';
export { EngineRecorder } from './recorder.js';

// Several instances: the desk that follows the leader, the switch between the two, the commands
export { FollowerDesk, type FollowerDeskDeps } from './follower-desk.js';
export { ClusterDesk, type ClusterDeskDeps } from './cluster-desk.js';
export { PgDeskBoard } from './postgres/desk-board.js';
export { type TradingCommand, commandBody, parseCommand, executeCommand } from './commands.js';
