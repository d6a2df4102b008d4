/**
 * One leader among the instances sharing a PostgreSQL schema: whoever holds a session advisory
 * lock. The lock lives on a dedicated connection, so it goes away with its holder — a killed
 * process's socket closes and PostgreSQL releases the lock at once. Followers try to take it every
 * LEADER_RETRY_MS; the leader probes its connection on the same beat and steps down when the
 * probe fails (its lock may already be gone).
 *
 * Stepping down runs `onFollow` before the lock is released, and taking over runs `onLead` after
 * the lock is held, so that two instances never run the leader's duties at once — except when
 * the leader's connection is silently cut: then PostgreSQL may release the lock (once it notices)
 * up to one probe interval before the old leader notices.
 */
import pg from 'pg';
import { type PgPool, quoteSchema } from '../shared/postgres.js';

export type Role = 'starting' | 'leader' | 'follower';

/** The current leader as recorded when it took over. */
export interface LeaderInfo {
  instance: string;
  url: string | null;
  since: string;
  /** Increases by one at each change of leader. */
  term: number;
}

export interface LeaderElectionOptions {
  url: string;
  schema: string;
  /** For the leader record (cluster_leader); the lock has its own connection. */
  pool: PgPool;
  instance: string;
  /** @default 1000 */
  retryMs?: number;
  /** Take over the leader's duties (the lock is held). A failure gives the lock back. */
  onLead: () => Promise<void>;
  /** Stand by (called once at start when another instance leads, and after losing the lead). */
  onFollow: () => Promise<void>;
  logger: {
    info(object: object, message: string): void;
    warn(object: object, message: string): void;
    error(object: object, message: string): void;
  };
}

/** First key of the advisory lock, the same for every LeviBot; the second is the schema's hash. */
const LOCK_NAMESPACE = 0x4c657669; // "Levi"

export interface ElectionStatus {
  role: Role;
  instance: string;
  url: string | null;
  leader: LeaderInfo | null;
}

export class LeaderElection {
  private currentRole: Role = 'starting';
  private client: pg.Client | null = null;
  private leaderInfo: LeaderInfo | null = null;
  private ownUrl: string | null = null;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private readonly retryMs: number;

  constructor(private readonly options: LeaderElectionOptions) {
    this.retryMs = options.retryMs ?? 1000;
  }

  get role(): Role {
    return this.currentRole;
  }

  status(): ElectionStatus {
    return {
      role: this.currentRole,
      instance: this.options.instance,
      url: this.ownUrl,
      leader: this.leaderInfo,
    };
  }

  /** Start electing; `url` is where this instance answers (shown to the others). */
  start(url: string | null = null): void {
    this.ownUrl = url;
    this.stopped = false;
    this.kick();
  }

  /**
   * Stop electing. A leader runs `beforeRelease` (stop its duties) and then gives the lock back,
   * so that the next leader starts only after this one has stopped.
   */
  async stop(beforeRelease?: () => Promise<void>): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    try {
      if (this.currentRole === 'leader') await beforeRelease?.();
    } finally {
      this.dropClient();
      this.currentRole = 'starting';
    }
  }

  /** Run a step now (or right after the one in progress). */
  private kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.loop().finally(() => {
      this.running = null;
      if (this.stopped) return;
      this.timer = setTimeout(() => this.kick(), this.retryMs);
      this.timer.unref();
    });
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.step();
      } catch (error) {
        this.options.logger.error({ err: error }, 'leader election step failed');
      }
    } while (this.again && !this.stopped);
  }

  private async step(): Promise<void> {
    if (this.currentRole === 'leader') {
      if (!(await this.probe())) await this.stepDown('the lock connection failed');
    } else {
      await this.tryToLead();
    }
    if (this.currentRole !== 'leader') await this.readLeader();
  }

  private async tryToLead(): Promise<void> {
    const client = await this.lockClient();
    const held =
      client !== null &&
      (
        await client
          .query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [
            LOCK_NAMESPACE,
            this.options.schema,
          ])
          .catch(() => ({ rows: [{ ok: false }] }))
      ).rows[0]!.ok;
    if (!held || this.stopped) {
      if (this.currentRole === 'starting') {
        this.currentRole = 'follower';
        await this.options.onFollow();
      }
      return;
    }
    const wasStarting = this.currentRole === 'starting';
    try {
      this.leaderInfo = await this.recordLeadership();
    } catch (error) {
      this.dropClient();
      throw error;
    }
    this.currentRole = 'leader';
    this.options.logger.info(
      { instance: this.options.instance, term: this.leaderInfo.term },
      wasStarting ? 'cluster: this instance leads' : 'cluster: this instance takes over as leader',
    );
    try {
      await this.options.onLead();
    } catch (error) {
      this.options.logger.error({ err: error }, 'cluster: taking over failed; giving the lead back');
      await this.stepDown('taking over failed');
    }
  }

  private async stepDown(reason: string): Promise<void> {
    this.options.logger.warn(
      { instance: this.options.instance, reason },
      `cluster: stepping down (${reason})`,
    );
    this.currentRole = 'follower';
    try {
      await this.options.onFollow();
    } finally {
      this.dropClient();
    }
  }

  /** True when the lock connection answers (a dead one means the lock is, or soon will be, gone). */
  private async probe(): Promise<boolean> {
    const client = this.client;
    if (!client) return false;
    try {
      await client.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  private async lockClient(): Promise<pg.Client | null> {
    if (this.client) return this.client;
    const client = new pg.Client({
      connectionString: this.options.url,
      keepAlive: true,
      connectionTimeoutMillis: 5000,
      // Lets an operator find (and a test cut) the connection that holds the lead.
      application_name: lockConnectionName(this.options.instance),
      // A probe that hangs is as bad as one that fails.
      query_timeout: Math.max(2 * this.retryMs, 1000),
    });
    const lost = () => {
      if (this.client !== client) return;
      this.client = null;
      if (this.currentRole === 'leader') this.kick();
    };
    client.on('error', lost);
    client.on('end', lost);
    try {
      await client.connect();
    } catch (error) {
      client.removeAllListeners('end');
      this.options.logger.warn({ err: error }, 'cluster: cannot open the lock connection; will retry');
      return null;
    }
    this.client = client;
    return client;
  }

  private dropClient(): void {
    const client = this.client;
    this.client = null;
    // Closing the session releases the lock.
    if (client) void client.end().catch(() => {});
  }

  private async recordLeadership(): Promise<LeaderInfo> {
    const { rows } = await this.options.pool.query<{
      instance_id: string;
      url: string | null;
      since: Date;
      term: number;
    }>(
      `INSERT INTO ${quoteSchema(this.options.schema)}.cluster_leader (singleton, instance_id, url, since, term)
       VALUES (true, $1, $2, now(), 1)
       ON CONFLICT (singleton) DO UPDATE SET instance_id = excluded.instance_id, url = excluded.url,
         since = excluded.since, term = cluster_leader.term + 1
       RETURNING instance_id, url, since, term`,
      [this.options.instance, this.ownUrl],
    );
    return toLeaderInfo(rows[0]!);
  }

  private async readLeader(): Promise<void> {
    try {
      const { rows } = await this.options.pool.query<{
        instance_id: string;
        url: string | null;
        since: Date;
        term: number;
      }>(`SELECT instance_id, url, since, term FROM ${quoteSchema(this.options.schema)}.cluster_leader`);
      this.leaderInfo = rows[0] ? toLeaderInfo(rows[0]) : null;
    } catch {
      // Keep the last known leader; the next step tries again.
    }
  }
}

/** `application_name` of the connection holding (or trying for) the lead. */
export function lockConnectionName(instance: string): string {
  return `levibot-lock ${instance}`.slice(0, 63);
}

function toLeaderInfo(row: {
  instance_id: string;
  url: string | null;
  since: Date;
  term: number;
}): LeaderInfo {
  return { instance: row.instance_id, url: row.url, since: row.since.toISOString(), term: row.term };
}
