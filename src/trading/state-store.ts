/**
 * The TradingStateStore port: where the paper account survives restarts (account, positions,
 * order history, equity curve). Adapter: `sqlite/` (DATA_DIR/trading.db).
 */
import type { EngineState, EquityPoint, OrderStatus, PaperOrder, StateChanges } from './model.js';

export interface OrderHistoryQuery {
  status?: OrderStatus;
  symbol?: string;
  limit: number;
}

export interface TradingStateStore {
  /** The saved state, or null for a new account. */
  load(): EngineState | null;
  /** Save a batch of changes in one transaction. */
  save(changes: StateChanges): void;
  /** Orders, newest first. */
  orders(query: OrderHistoryQuery): PaperOrder[];
  /** Equity points at or after `sinceMs`, oldest first. */
  equity(sinceMs: number): EquityPoint[];
  close(): void;
}
