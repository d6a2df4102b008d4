/**
 * Several instances on one PostgreSQL (DATABASE_URL set): the shared tick and trading stores,
 * the leadership, and what changes hands with it. The leader runs the market feed (writing ticks
 * and candles), the paper engine (saving the account), executes the commands the others queue,
 * relays live ticks and publishes its desk view. A follower runs no feed and no engine: its hub
 * gets the relayed ticks, its desk reads the shared store and queues commands for the leader.
 */
import { hostname } from 'node:os';
import { LeaderElection, type ElectionStatus, migrateCluster, PgCommandQueue } from '../cluster/index.js';
import type { Config } from '../config/index.js';
import { type MarketService, PgTickRelay, PostgresTickStore } from '../market/index.js';
import { createPgPool, type PgPool } from '../shared/postgres.js';
import { PgListener } from '../shared/postgres-listener.js';
import {
  ClusterDesk,
  FollowerDesk,
  PgDeskBoard,
  PostgresTradingStateStore,
  TradingService,
  type TradingServiceDeps,
} from '../trading/index.js';

interface Logger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

/** The PostgreSQL side shared by every instance: one pool, one LISTEN connection, the stores. */
export interface SharedState {
  pool: PgPool;
  listener: PgListener;
  ticks: PostgresTickStore;
  trading: PostgresTradingStateStore;
}

export async function openSharedState(config: Config, logger: Logger): Promise<SharedState> {
  const schema = config.DATABASE_SCHEMA;
  const pool = createPgPool({ url: config.DATABASE_URL, schema });
  const listener = new PgListener({
    url: config.DATABASE_URL,
    onError: (error) => logger.warn({ err: error }, 'PostgreSQL LISTEN connection lost; reconnecting'),
  });
  try {
    await migrateCluster(pool, schema);
    const ticks = await PostgresTickStore.open({ url: config.DATABASE_URL, schema, pool });
    const trading = await PostgresTradingStateStore.open({ url: config.DATABASE_URL, schema, pool });
    await listener.start();
    return { pool, listener, ticks, trading };
  } catch (error) {
    await listener.close();
    await pool.end();
    throw error;
  }
}

export interface ClusterNodeDeps {
  config: Config;
  shared: SharedState;
  market: MarketService;
  /** What the paper engine needs, except its state store (the shared one). */
  trading: Omit<TradingServiceDeps, 'state'>;
  logger: Logger;
}

export interface ClusterStatus extends ElectionStatus {
  mode: 'postgres';
}

export class ClusterNode {
  readonly instance: string;
  readonly desk: ClusterDesk;
  private readonly election: LeaderElection;
  private readonly relay: PgTickRelay;
  private readonly commands: PgCommandQueue;
  private stopRelayOut: (() => void) | null = null;
  private stopRelayIn: (() => void) | null = null;

  constructor(private readonly deps: ClusterNodeDeps) {
    const { config, shared, logger } = deps;
    const schema = config.DATABASE_SCHEMA;
    this.instance = config.INSTANCE_NAME || `${hostname()}:${process.pid}`;
    this.commands = new PgCommandQueue({
      pool: shared.pool,
      schema,
      listener: shared.listener,
      instance: this.instance,
      timeoutMs: config.COMMAND_TIMEOUT_MS,
      onError: (error) => logger.error({ err: error }, 'command queue failed; will retry'),
    });
    this.relay = new PgTickRelay({
      pool: shared.pool,
      schema,
      listener: shared.listener,
      onError: (error) => logger.warn({ err: error }, 'tick relay failed'),
    });
    const board = new PgDeskBoard(shared.pool, schema, shared.listener);
    const follower = new FollowerDesk({
      settings: config,
      state: shared.trading,
      board,
      emit: (event) => deps.trading.emit(event),
      submit: (kind, body) => this.commands.submit(kind, body),
      candles: (symbol, interval, count) => shared.ticks.candles({ symbol, interval, limit: count }),
      logger,
    });
    this.desk = new ClusterDesk({
      instance: this.instance,
      settings: config,
      openEngine: () => TradingService.open({ ...deps.trading, state: shared.trading }),
      follower,
      board,
      consume: (handler) => this.commands.consume(handler),
      logger,
    });
    this.election = new LeaderElection({
      url: config.DATABASE_URL,
      schema,
      pool: shared.pool,
      instance: this.instance,
      retryMs: config.LEADER_RETRY_MS,
      logger,
      onLead: () => this.lead(),
      onFollow: () => this.follow(),
    });
  }

  /** Join the election; `url` is where this instance answers. */
  start(url: string): void {
    this.election.start(url);
  }

  /** Leave: a leader stops its feed and engine, then gives the lead to the next instance. */
  async stop(): Promise<void> {
    await this.election.stop(() => this.standDown());
    this.stopRelayIn?.();
    this.stopRelayIn = null;
    await this.deps.market.standBy();
    await this.desk.stop();
  }

  /** Close the shared PostgreSQL side (after the domains are stopped). */
  async close(): Promise<void> {
    this.commands.close();
    const { shared } = this.deps;
    await shared.listener.close();
    await shared.ticks.close();
    await shared.trading.close();
    await shared.pool.end();
  }

  status(): ClusterStatus {
    return { mode: 'postgres', ...this.election.status() };
  }

  private async lead(): Promise<void> {
    const { market } = this.deps;
    this.stopRelayIn?.();
    this.stopRelayIn = null;
    // The previous leader's last writes are in the store: continue its candles and ticks.
    await market.restore();
    await this.desk.lead();
    this.stopRelayOut = this.relay.publish(market.hub);
    void market.start();
  }

  private async follow(): Promise<void> {
    await this.standDown();
    await this.desk.follow();
    this.stopRelayIn ??= this.relay.receive((tick) => this.deps.market.hub.observe(tick));
  }

  private async standDown(): Promise<void> {
    this.stopRelayOut?.();
    this.stopRelayOut = null;
    await this.deps.market.standBy();
    await this.desk.stop();
  }
}
