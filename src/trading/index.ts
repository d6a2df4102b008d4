/**
 * Paper trading: the deterministic tick-driven engine, risk policies and guards, state that
 * survives restarts, and the service that implements OrderPort and PortfolioSource.
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
