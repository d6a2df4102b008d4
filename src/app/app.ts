/**
 * The composition root: builds every adapter and service from the configuration and wires them
 * together. The only place that knows which adapter implements which port.
 */
import { join } from 'node:path';
import type { EventBus } from '../bus/index.js';
import { InProcessBus, RedisStreamsBus } from '../bus/index.js';
import { type Config, RuntimeConfig, SETTINGS } from '../config/index.js';
import type { LoadOptions } from '../config/load.js';
import { EventLog, type EventStore, PostgresEventStore, SqliteEventStore } from '../events/index.js';
import { Gateway } from '../gateway/index.js';
import { installGuard } from '../http/guard.js';
import type { RateLimiter } from '../http/ratelimit/limiter.js';
import { MemoryRateLimiter } from '../http/ratelimit/memory.js';
import { RedisRateLimiter } from '../http/ratelimit/redis.js';
import { registerAnalyticsRoutes } from '../http/routes/analytics.js';
import { registerEventRoutes } from '../http/routes/events.js';
import { registerMarketRoutes } from '../http/routes/market.js';
import { registerMlRoutes } from '../http/routes/ml.js';
import { registerOpsRoutes } from '../http/routes/ops.js';
import { registerPaperRoutes } from '../http/routes/paper.js';
import { registerSignalRoutes } from '../http/routes/signals.js';
import { createHttpServer, type HttpApp } from '../http/server.js';
import { MarketService } from '../market/index.js';
import { registerMarketMetrics } from '../market/metrics.js';
import type { TickSource } from '../market/tick.js';
import { type BuildInfo, Metrics } from '../observability/metrics.js';
import { registerPanel } from '../panel/index.js';
import { createSignalDomain, type SignalDomain } from '../signals/index.js';
import {
  checkTradingSettings,
  type PaperDesk,
  registerTradingMetrics,
  type RiskPolicyName,
  TradingService,
  type TradingServiceDeps,
} from '../trading/index.js';
import type { OrderPort, PortfolioSource } from '../trading/port.js';
import { readBuildInfo } from './build-info.js';
import { ClusterNode, openSharedState } from './cluster.js';
import { BotControl } from './control.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export interface LeviBot {
  readonly config: RuntimeConfig<typeof SETTINGS>;
  readonly build: BuildInfo;
  readonly store: EventStore;
  readonly bus: EventBus;
  readonly log: EventLog;
  readonly metrics: Metrics;
  readonly bot: BotControl;
  readonly market: MarketService;
  /** Paper trading: OrderPort for the signal router, PortfolioSource for the gateway. */
  readonly trading: PaperDesk;
  /** Leadership among instances sharing PostgreSQL (DATABASE_URL); null when embedded. */
  readonly cluster: ClusterNode | null;
  readonly http: HttpApp;
  readonly gateway: Gateway;
  readonly signals: SignalDomain;
  /** Listen on HOST:PORT; resolves with the bound address (PORT=0 picks a free port). */
  listen(): Promise<{ host: string; port: number; url: string }>;
  close(): Promise<void>;
}

/** PostgreSQL when DATABASE_URL is set, otherwise the embedded SQLite file under DATA_DIR. */
export async function createEventStore(config: Config): Promise<EventStore> {
  if (config.DATABASE_URL !== '') {
    return PostgresEventStore.open({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA });
  }
  return new SqliteEventStore({ file: join(config.DATA_DIR, 'events.db'), synchronous: config.STORE_SYNC });
}

/** Adapters supplied by the caller instead of the defaults (tests use in-memory fakes). */
export interface LeviBotOptions {
  /** Live ticks for the gateway's `ticks:*` channels and /stream/ticks. @default the market hub */
  ticks?: TickSource;
  /** Portfolio for the gateway's `portfolio` channel and /stream/portfolio. @default the paper engine */
  portfolio?: PortfolioSource;
  /** Where the signal router places orders. @default the paper engine */
  orders?: OrderPort;
}

export async function createLeviBot(
  runtime: RuntimeConfig<typeof SETTINGS>,
  options: LeviBotOptions = {},
): Promise<LeviBot> {
  const config = runtime.values;
  const build = readBuildInfo();
  const startedAt = new Date();
  const metrics = new Metrics(build);
  const store = await createEventStore(config);
  const http = await createHttpServer({
    version: build.version,
    corsOrigins: config.CORS_ORIGINS,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    logLevel: config.LOG_LEVEL,
    trustProxy: config.TRUST_PROXY,
    metrics,
  });
  const onBusError = (error: unknown) => http.log.error({ err: error }, 'bus error');
  const bus: EventBus =
    config.REDIS_URL !== ''
      ? await RedisStreamsBus.open({
          url: config.REDIS_URL,
          prefix: config.REDIS_PREFIX,
          readAfter: (afterId, limit) => store.readAfter(afterId, {}, limit),
          lastId: () => store.lastId(),
          onError: onBusError,
        })
      : new InProcessBus(onBusError);
  const log = new EventLog(store, bus, metrics);
  const bot = new BotControl(log, config.START_RUNNING);
  const limiter: RateLimiter =
    config.REDIS_URL !== ''
      ? new RedisRateLimiter({ url: config.REDIS_URL, prefix: `${config.REDIS_PREFIX}rl:` })
      : new MemoryRateLimiter();
  installGuard(http, config, limiter);
  // With DATABASE_URL, market history and the paper account are shared, and one instance leads.
  const shared = config.DATABASE_URL !== '' ? await openSharedState(config, http.log) : null;
  const market = new MarketService({
    settings: config,
    dataDir: config.DATA_DIR,
    emit: (event) => log.emit(event),
    logger: http.log,
    store: shared?.ticks,
  });
  registerMarketMetrics(metrics.registry, market.hub);
  let trading: PaperDesk | undefined;
  const { tickToPnl } = registerTradingMetrics(metrics.registry, { portfolio: () => trading!.portfolio() });
  const engineDeps: Omit<TradingServiceDeps, 'state'> = {
    settings: config,
    dataDir: config.DATA_DIR,
    emit: (...events) => log.emit(...events),
    ticks: market.hub,
    closedBars: (symbol, interval, count) => market.hub.closedBars(symbol, interval, count),
    logger: http.log,
    tickToPnl,
    updateSettings: (patch) => runtime.update(patch),
    storeSync: config.STORE_SYNC,
  };
  let engine: TradingService | null = null;
  let cluster: ClusterNode | null = null;
  if (shared) {
    checkTradingSettings(config);
    cluster = new ClusterNode({ config, shared, market, trading: engineDeps, logger: http.log });
    trading = cluster.desk;
  } else {
    await market.restore();
    engine = await TradingService.open(engineDeps);
    engine.start();
    trading = engine;
  }
  const gateway = new Gateway({
    settings: config,
    store,
    bus,
    metrics,
    log: http.log,
    ticks: options.ticks ?? market.hub,
    portfolio: options.portfolio ?? trading,
  });
  const signals = createSignalDomain(config, {
    log,
    bot,
    orders: options.orders ?? trading,
    metrics: metrics.registry,
  });
  if (signals.trainedAtStartBecause) {
    http.log.info({ because: signals.trainedAtStartBecause }, 'signal model trained at start');
  }

  runtime.onChange((changes) => {
    for (const change of changes) {
      if (change.name === 'LOG_LEVEL') http.log.level = String(change.to);
      if (change.name === 'RISK_POLICY') {
        trading.policyChanged(change.from as RiskPolicyName, change.to as RiskPolicyName, 'config');
      }
    }
  });

  registerOpsRoutes(http, {
    version: build.version,
    startedAt,
    log,
    bot,
    config: runtime,
    metrics,
    busStatus: () =>
      bus instanceof RedisStreamsBus
        ? { kind: bus.kind, connected: bus.connected, gap_fills: bus.gapFills }
        : { kind: bus.kind },
    statusSections: () => ({
      cluster: cluster?.status() ?? { mode: 'embedded', role: 'leader' },
      feed: market.status(),
      paper: trading.status(),
      signals: signals.status(),
      gateway: gateway.status(),
      panel,
    }),
  });
  registerEventRoutes(http, log);
  registerAnalyticsRoutes(http, store);
  registerMarketRoutes(http, market);
  registerPaperRoutes(http, trading);
  registerSignalRoutes(http, signals.service);
  registerMlRoutes(http, signals.lab);
  gateway.register(http);
  const panel = await registerPanel(http, { dir: config.PANEL_DIR });

  const applyRetention = async () => {
    try {
      const deleted = await store.deleteBefore(Date.now() - config.EVENT_RETENTION_DAYS * DAY_MS);
      if (deleted > 0)
        http.log.info({ deleted, days: config.EVENT_RETENTION_DAYS }, 'retention removed old events');
    } catch (error) {
      http.log.error({ err: error }, 'retention failed');
    }
  };
  const retentionTimer = setInterval(() => void applyRetention(), HOUR_MS);
  retentionTimer.unref();
  void applyRetention();

  let closed = false;
  return {
    config: runtime,
    build,
    store,
    bus,
    log,
    metrics,
    bot,
    market,
    trading,
    cluster,
    http,
    gateway,
    signals,
    async listen() {
      await http.listen({ port: config.PORT, host: config.HOST });
      gateway.start();
      const address = http.server.address();
      const port = typeof address === 'object' && address ? address.port : config.PORT;
      const host = config.HOST;
      const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
      if (cluster) {
        // The leader (this instance or another) runs the feed and the engine.
        cluster.start(url);
      } else {
        engine!.startClock();
        // In the background: a slow or unreachable exchange never delays the server.
        void market.start();
      }
      return { host, port, url };
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(retentionTimer);
      await gateway.close();
      await http.close();
      await cluster?.stop();
      await market.stop();
      await engine?.stop();
      await cluster?.close();
      await bus.close();
      await limiter.close();
      await store.close();
    },
  };
}

/** Load and validate settings (throws ConfigError naming the bad variable). */
export function loadRuntimeConfig(options: LoadOptions = {}): RuntimeConfig<typeof SETTINGS> {
  return RuntimeConfig.load(SETTINGS, options);
}
