/**
 * The EventStore port. Adapters: `sqlite/` (embedded default) and `postgres/` (scale-out).
 * Every adapter passes the shared contract suite in `store.contract.ts`.
 */
import type { NewEvent, Severity, StoredEvent } from './model.js';

/** Filters shared by queries, resume reads and live subscriptions. All are optional and combine with AND. */
export interface EventFilter {
  /** Any of these types. */
  eventTypes?: readonly string[];
  /** Exact, normalised `BASE/QUOTE`. */
  symbol?: string;
  traceId?: string;
  /** Inclusive lower bound on event time, epoch ms. */
  sinceMs?: number;
  /** Exclusive upper bound on event time, epoch ms. */
  untilMs?: number;
  /** Full-text: every word must occur in the event type or payload (case-insensitive). */
  q?: string;
  /** Minimum severity. */
  minSeverity?: Severity;
}

export interface EventQuery extends EventFilter {
  /** @default 200 */
  limit: number;
  /** Only ids strictly below. */
  beforeId?: number;
  /** Only ids strictly above. */
  afterId?: number;
  /** @default 'desc' */
  order: 'asc' | 'desc';
}

export interface EventPage {
  events: StoredEvent[];
  /** Pass as `before_id` (desc) or `after_id` (asc) to get the next page; null on the last page. */
  nextCursor: number | null;
}

export interface EventStats {
  total: number;
  byType: Record<string, number>;
  topSymbols: { symbol: string; count: number }[];
}

export interface TimeBucket {
  /** Bucket start, ISO-8601. */
  t: string;
  count: number;
}

export interface TraceSummary {
  trace_id: string;
  count: number;
  first_ts: string;
  last_ts: string;
  duration_ms: number;
  event_types: string[];
  symbol?: string;
}

export interface EventStore {
  /** `sqlite` or `postgres`, shown in GET /status. */
  readonly kind: string;

  /**
   * Durably append a batch; resolves after commit with the events as stored, ids strictly
   * increasing in input order. Concurrent calls may share one transaction (group commit).
   */
  append(events: readonly NewEvent[]): Promise<StoredEvent[]>;

  query(query: EventQuery): Promise<EventPage>;

  /** Events with id > afterId matching `filter`, ascending, at most `limit`: the resume read. */
  readAfter(afterId: number, filter: EventFilter, limit: number): Promise<StoredEvent[]>;

  get(id: number): Promise<StoredEvent | undefined>;

  /** Every event of a trace, oldest first. */
  trace(traceId: string): Promise<StoredEvent[]>;

  /** Highest id ever assigned (0 for a new store); never decreases, even after retention. */
  lastId(): Promise<number>;

  count(): Promise<number>;

  stats(sinceMs: number): Promise<EventStats>;

  timeseries(sinceMs: number, intervalMs: number, eventTypes?: readonly string[]): Promise<TimeBucket[]>;

  topTraces(sinceMs: number, limit: number): Promise<TraceSummary[]>;

  /** Retention: delete events older than `tsMs`; returns how many were deleted. */
  deleteBefore(tsMs: number): Promise<number>;

  /** Throws when the store cannot serve (used by /readyz). */
  healthCheck(): Promise<void>;

  close(): Promise<void>;
}
