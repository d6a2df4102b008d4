/**
 * PostgreSQL LISTEN on one dedicated connection per process, shared by every consumer
 * (leader wake-ups, command outcomes, relayed ticks, portfolio updates). The connection is
 * re-opened with backoff when it drops; consumers are told so that they can re-read what they
 * may have missed meanwhile (NOTIFY is not durable).
 */
import { createHash } from 'node:crypto';
import pg from 'pg';

export type NotificationHandler = (payload: string) => void;

export interface PgListenerOptions {
  url: string;
  /** `application_name` of the connection (what an operator sees in pg_stat_activity). @default 'levibot-listen' */
  applicationName?: string;
  /** Reports connection failures (the listener keeps retrying). */
  onError?: (error: unknown) => void;
}

const BACKOFF_MS = [100, 250, 500, 1000, 2000, 5000];

/**
 * NOTIFY channels are per database, not per schema: the name carries a hash of the schema so
 * that deployments (and test runs) sharing one database never hear each other.
 */
export function notifyChannel(schema: string, topic: string): string {
  return `levibot_${createHash('sha1').update(schema).digest('hex').slice(0, 10)}_${topic}`;
}

export class PgListener {
  private client: pg.Client | null = null;
  private readonly handlers = new Map<string, Set<NotificationHandler>>();
  private readonly reconnectHandlers = new Set<() => void>();
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private connecting: Promise<void> | null = null;
  private statements: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: PgListenerOptions) {}

  /** Connect; rejects when PostgreSQL cannot be reached now (later drops are retried). */
  async start(): Promise<void> {
    await this.connect();
  }

  /** Call `handler` with the payload of every NOTIFY on `channel`. Returns the unsubscribe function. */
  listen(channel: string, handler: NotificationHandler): () => void {
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
      const client = this.client;
      if (client)
        this.run(client, `LISTEN "${channel}"`).catch((error: unknown) => this.broken(error, client));
    }
    set.add(handler);
    return () => {
      const current = this.handlers.get(channel);
      if (!current?.delete(handler) || current.size > 0) return;
      this.handlers.delete(channel);
      if (this.client) this.run(this.client, `UNLISTEN "${channel}"`).catch(() => {});
    };
  }

  /** Resolves once every LISTEN asked for so far is in effect (queries on one connection run in order). */
  async ready(): Promise<void> {
    await this.connecting;
    if (this.client) await this.run(this.client, 'SELECT 1');
  }

  /** Called after the connection came back: notifications sent meanwhile were lost. */
  onReconnect(handler: () => void): () => void {
    this.reconnectHandlers.add(handler);
    return () => this.reconnectHandlers.delete(handler);
  }

  get connected(): boolean {
    return this.client !== null;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    await this.connecting?.catch(() => {});
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }

  /** One statement at a time on the connection (pg deprecates overlapping queries on a client). */
  private run(client: pg.Client, sql: string): Promise<unknown> {
    const next = this.statements.then(() => client.query(sql));
    this.statements = next.catch(() => {});
    return next;
  }

  private connect(): Promise<void> {
    this.connecting ??= this.open().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async open(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.options.url,
      keepAlive: true,
      application_name: this.options.applicationName ?? 'levibot-listen',
    });
    client.on('error', (error) => this.broken(error, client));
    client.on('end', () => this.broken(new Error('listener connection ended'), client));
    client.on('notification', (message) => {
      const set = this.handlers.get(message.channel);
      if (!set) return;
      for (const handler of set) handler(message.payload ?? '');
    });
    try {
      await client.connect();
    } catch (error) {
      client.removeAllListeners('end');
      await client.end().catch(() => {});
      throw error;
    }
    if (this.closed) {
      await client.end().catch(() => {});
      return;
    }
    // Set before LISTENing, so that a channel added meanwhile is LISTENed too (twice is harmless).
    this.client = client;
    try {
      for (const channel of this.handlers.keys()) await this.run(client, `LISTEN "${channel}"`);
    } catch (error) {
      this.broken(error, client);
      return;
    }
    const reconnected = this.attempt > 0;
    this.attempt = 0;
    if (reconnected) for (const handler of this.reconnectHandlers) handler();
  }

  private broken(error: unknown, client?: pg.Client): void {
    if (client && client !== this.client) return;
    if (this.closed || !this.client) return;
    const lost = this.client;
    this.client = null;
    lost.removeAllListeners('end');
    void lost.end().catch(() => {});
    this.options.onError?.(error);
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.closed || this.retryTimer) return;
    const delay = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)]!;
    this.attempt++;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.connect().catch((error: unknown) => {
        this.options.onError?.(error);
        this.scheduleRetry();
      });
    }, delay);
    this.retryTimer.unref();
  }
}
