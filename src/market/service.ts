/**
 * The market domain as the app runs it: picks the feed from the settings, starts it in the
 * background (never delaying server start), falls back loudly from live to replay when the
 * exchange cannot be reached within FEED_CONNECT_TIMEOUT_MS, records FEED_STATUS events, and
 * exposes the hub (TickSource, candles) and a status section for GET /status.
 *
 * With several instances only the leader runs the feed (`start`); the others stand by
 * (`standBy`), their hub fed with the leader's ticks, and read candles from the shared store.
 */
import { join } from 'node:path';
import type { SettingsOf } from '../config/settings.js';
import type { EventInput } from '../events/index.js';
import { ConfigError } from '../shared/errors.js';
import { normalizeSymbol } from '../shared/symbols.js';
import type { FeedSink, FeedStatusChange, MarketFeed } from './feed.js';
import { DEFAULT_CAPTURES } from './fixtures.js';
import { MarketHub } from './hub.js';
import { LiveFeed } from './live/feed.js';
import { ReplayFeed } from './replay/feed.js';
import { type FeedKind, type MARKET_SETTINGS, replaySpeed } from './settings.js';
import { SqliteTickStore } from './sqlite/tick-store.js';
import type { TickStore } from './store.js';
import { SyntheticFeed } from './synthetic/feed.js';

export type MarketSettings = SettingsOf<typeof MARKET_SETTINGS>;

/** Where the service reports to: the event log, and a logger for the loud lines. */
export interface MarketServiceDeps {
  settings: MarketSettings;
  dataDir: string;
  emit: (event: EventInput) => Promise<unknown>;
  logger: {
    info(object: object, message: string): void;
    warn(object: object, message: string): void;
    error(object: object, message: string): void;
  };
  /** Builds a feed of a kind (tests inject their own). @default the adapters of this folder */
  createFeed?: (kind: FeedKind) => MarketFeed;
  /** Durable ticks and candles; the service closes it on stop. @default SQLite, DATA_DIR/market.db */
  store?: TickStore;
}

export interface FeedStatusView {
  kind: FeedKind | 'none';
  requested: FeedKind;
  /** True when ticks come from recorded data (FEED=replay or the fall-back): the panel's REPLAY badge. */
  replay: boolean;
  /** `standby`: another instance (the leader) runs the feed. */
  status: 'starting' | 'connected' | 'disconnected' | 'stale' | 'failed' | 'stopped' | 'standby';
  symbols: string[];
  ticks: number;
  last_tick_ts: string | null;
  fallback_reason?: string;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export class MarketService {
  readonly hub: MarketHub;
  readonly store: TickStore;
  readonly symbols: string[];
  private feed: MarketFeed | null = null;
  private view: FeedStatusView;
  /** Set by stop() and standBy(): a feed still starting must not go on. */
  private stopped = false;
  private retentionTimer: NodeJS.Timeout | null = null;
  private started: Promise<void> = Promise.resolve();
  private ticks = 0;
  private lastTs = 0;

  constructor(private readonly deps: MarketServiceDeps) {
    const { settings } = deps;
    this.symbols = [...new Set(settings.SYMBOLS.map(normalizeSymbol))];
    if (this.symbols.length === 0) throw new ConfigError('SYMBOLS: give at least one symbol', 'SYMBOLS');
    for (const symbol of this.symbols) {
      if (!/^[A-Z0-9]{1,20}\/[A-Z0-9]{1,12}$/.test(symbol)) {
        throw new ConfigError(`SYMBOLS: "${symbol}" is not BASE/QUOTE (e.g. BTC/USDT)`, 'SYMBOLS');
      }
    }
    if (!(replaySpeed(settings.REPLAY_SPEED) > 0)) {
      throw new ConfigError(
        'REPLAY_SPEED: must be above 0 (1, a multiplier such as 10, or max)',
        'REPLAY_SPEED',
      );
    }
    this.store = deps.store ?? new SqliteTickStore({ file: join(deps.dataDir, 'market.db') });
    this.hub = new MarketHub({
      store: this.store,
      recordTicks: settings.TICK_STORE,
      flushMs: settings.TICK_FLUSH_MS,
      onStoreError: (error) => deps.logger.error({ err: error }, 'tick store write failed; will retry'),
    });
    this.view = {
      kind: 'none',
      requested: settings.FEED,
      replay: false,
      status: 'starting',
      symbols: this.symbols,
      ticks: 0,
      last_tick_ts: null,
    };
  }

  /** Load recent candles and the last ticks from the store; call before the first tick. */
  restore(): Promise<void> {
    return this.hub.restore(this.symbols);
  }

  /** Start the feed in the background; the returned promise settles when it delivers or has failed. */
  start(): Promise<void> {
    this.stopped = false;
    this.view = { ...this.view, kind: 'none', replay: false, status: 'starting' };
    delete this.view.fallback_reason;
    this.started = this.run().catch((error: unknown) => {
      this.view.status = 'failed';
      this.deps.logger.error({ err: error }, 'market feed failed to start');
      void this.record(
        { status: 'failed', kind: this.view.kind, replay: this.view.replay, error: (error as Error).message },
        'error',
      );
    });
    this.retentionTimer ??= setInterval(() => void this.applyRetention(), HOUR_MS);
    this.retentionTimer.unref();
    return this.started;
  }

  /**
   * Run no feed: another instance leads. Stops a running feed and writes what it had buffered;
   * the hub keeps serving (relayed ticks come in through `hub.observe`).
   */
  async standBy(): Promise<void> {
    await this.stopFeed();
    await this.hub.flush();
    this.view = { ...this.view, kind: 'none', replay: false, status: 'standby' };
    delete this.view.fallback_reason;
  }

  async stop(): Promise<void> {
    await this.stopFeed();
    this.view.status = 'stopped';
    await this.hub.close();
    await this.store.close();
  }

  private async stopFeed(): Promise<void> {
    this.stopped = true;
    if (this.retentionTimer) clearInterval(this.retentionTimer);
    this.retentionTimer = null;
    await this.feed?.stop();
    await this.started;
    this.feed = null;
  }

  status(): FeedStatusView {
    return {
      ...this.view,
      ticks: this.ticks,
      last_tick_ts: this.lastTs > 0 ? new Date(this.lastTs).toISOString() : null,
    };
  }

  private async run(): Promise<void> {
    const requested = this.deps.settings.FEED;
    if (requested !== 'live') {
      await this.startFeed(requested);
      return;
    }
    const timeoutMs = this.deps.settings.FEED_CONNECT_TIMEOUT_MS;
    try {
      await this.startFeed('live', timeoutMs);
    } catch (error) {
      if (this.stopped) return;
      const reason = (error as Error).message;
      await this.feed?.stop().catch(() => undefined);
      this.deps.logger.warn(
        { exchange: this.deps.settings.EXCHANGE, reason },
        `MARKET FEED: ${this.deps.settings.EXCHANGE} unreachable (${reason}); FALLING BACK TO REPLAY of recorded data`,
      );
      this.view.fallback_reason = reason;
      await this.record(
        {
          status: 'fallback',
          kind: 'replay',
          requested: 'live',
          replay: true,
          reason,
          exchange: this.deps.settings.EXCHANGE,
        },
        'warning',
      );
      await this.startFeed('replay');
    }
  }

  private async startFeed(kind: FeedKind, timeoutMs?: number): Promise<void> {
    if (this.stopped) return;
    const feed = (this.deps.createFeed ?? ((k) => this.createFeed(k)))(kind);
    this.feed = feed;
    this.view.kind = kind;
    this.view.replay = kind === 'replay';
    const sink: FeedSink = {
      tick: (tick) => {
        this.ticks++;
        if (tick.ts > this.lastTs) this.lastTs = tick.ts;
        this.hub.ingest(tick);
      },
      status: (change) => this.onStatus(kind, change),
    };
    const starting = feed.start(sink);
    if (timeoutMs === undefined) return starting;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no data within ${timeoutMs} ms`)), timeoutMs);
    });
    starting.catch(() => undefined);
    try {
      await Promise.race([starting, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private createFeed(kind: FeedKind): MarketFeed {
    const settings = this.deps.settings;
    switch (kind) {
      case 'live':
        return new LiveFeed({
          exchange: settings.EXCHANGE as 'binance' | 'mexc',
          symbols: this.symbols,
          wsUrl: settings.EXCHANGE_WS_URL || undefined,
          restUrl: settings.EXCHANGE_REST_URL || undefined,
          staleMs: settings.FEED_STALE_S * 1000,
          requestTimeoutMs: settings.FEED_CONNECT_TIMEOUT_MS,
        });
      case 'replay':
        return new ReplayFeed({
          files: settings.REPLAY_FILES.length > 0 ? settings.REPLAY_FILES : DEFAULT_CAPTURES,
          symbols: this.symbols,
          speed: replaySpeed(settings.REPLAY_SPEED),
          resumeAfterMs: this.lastKnownTs(),
        });
      case 'synthetic':
        return new SyntheticFeed({
          symbols: this.symbols,
          seed: settings.SYNTHETIC_SEED,
          ticksPerSecond: settings.SYNTHETIC_TICKS_PER_S,
        });
    }
  }

  private onStatus(kind: FeedKind, change: FeedStatusChange): void {
    if (change.status === 'looped') {
      this.deps.logger.info({ loop: change.loop }, 'replay feed looped');
      return;
    }
    this.view.status = change.status === 'resumed' ? 'connected' : change.status;
    const severity = change.status === 'connected' || change.status === 'resumed' ? 'info' : 'warning';
    if (severity === 'warning') this.deps.logger.warn({ kind, ...change }, `market feed ${change.status}`);
    else this.deps.logger.info({ kind, ...change }, `market feed ${change.status}`);
    void this.record({ ...change, kind, replay: kind === 'replay', symbols: this.symbols }, severity);
  }

  private async record(
    payload: Record<string, unknown>,
    severity: 'info' | 'warning' | 'error',
  ): Promise<void> {
    try {
      await this.deps.emit({ event_type: 'FEED_STATUS', source: 'market', severity, payload });
    } catch (error) {
      this.deps.logger.error({ err: error }, 'could not record FEED_STATUS');
    }
  }

  /** Latest tick time known for our symbols (restored from the store, or seen), if any. */
  private lastKnownTs(): number | undefined {
    let latest: number | undefined;
    for (const symbol of this.symbols) {
      const ts = this.hub.lastTick(symbol)?.ts;
      if (ts !== undefined && (latest === undefined || ts > latest)) latest = ts;
    }
    return latest;
  }

  private async applyRetention(): Promise<void> {
    // Market time, not the wall clock: replayed ticks carry their recorded (past) times.
    const now = this.lastTs || Date.now();
    try {
      await this.hub.flush();
      await this.store.deleteBefore(
        this.hub.symbols(),
        now - this.deps.settings.TICK_RETENTION_HOURS * HOUR_MS,
        now - this.deps.settings.CANDLE_RETENTION_DAYS * DAY_MS,
      );
    } catch (error) {
      this.deps.logger.error({ err: error }, 'tick store retention failed');
    }
  }
}
