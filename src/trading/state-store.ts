/**
 * The TradingStateStore port: where the paper account survives restarts (account, positions,
 * order history, equity curve). Adapters: `sqlite/` (DATA_DIR/trading.db) and `postgres/` (one
 * paper portfolio shared by several instances; only the leader writes).
 */
import type { EngineState, EquityPoint, OrderStatus, PaperOrder, StateChanges } from './model.js';

export interface OrderHistoryQuery {
  status?: OrderStatus;
  symbol?: string;
  limit: number;
}

export interface TradingStateStore {
  readonly kind: string;
  /** The saved state, or null for a new account. */
  load(): Promise<EngineState | null>;
  /** Save a batch of changes in one transaction. */
  save(changes: StateChanges): Promise<void>;
  /** Orders, newest first. */
  orders(query: OrderHistoryQuery): Promise<PaperOrder[]>;
  /** Equity points at or after `sinceMs`, oldest first. */
  equity(sinceMs: number): Promise<EquityPoint[]>;
  close(): Promise<void>;
}
