/**
 * Commands for the leader, from any instance: a PostgreSQL table the leader consumes. A follower
 * inserts a row (NOTIFY wakes the leader; it also polls, since NOTIFY is not durable), then waits
 * for the outcome row (NOTIFY again, polling as a fallback) and returns it, or throws the
 * leader's error with its type, or UnavailableError after COMMAND_TIMEOUT_MS.
 *
 * Execution is at most once: the leader marks a command `running` (committed) before executing
 * it, so a leader that dies mid-way never has its command executed again by the next one. A
 * command nobody took in time is withdrawn by its sender (`expired`) and can no longer be taken —
 * a 503 never turns into a late order. One that was taken but not finished in time gets a 503
 * saying its outcome is unknown (it shows in the order history and the events).
 */
import {
  ConflictError,
  LeviBotError,
  NotFoundError,
  UnavailableError,
  ValidationError,
} from '../shared/errors.js';
import { type PgPool, quoteSchema } from '../shared/postgres.js';
import { notifyChannel, type PgListener } from '../shared/postgres-listener.js';

export type CommandHandler = (kind: string, body: unknown) => Promise<unknown>;

export interface CommandQueueOptions {
  pool: PgPool;
  schema: string;
  listener: PgListener;
  /** Recorded with each command (who sent it, who executed it). */
  instance: string;
  /** How long `submit` waits for a leader to take the command. @default 5000 */
  timeoutMs?: number;
  /** Fallback polling of the outcome (sender) and of new commands (leader). @default 250 */
  pollMs?: number;
  onError?: (error: unknown) => void;
}

/** An error as it travels in the outcome row. */
interface WireError {
  code: string;
  message: string;
  field?: string;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: WireError };

const CLAIM_BATCH = 20;
const KEEP_FINISHED_MS = 86_400_000;

function toWire(error: unknown): WireError {
  if (error instanceof LeviBotError) {
    const wire: WireError = { code: error.code, message: error.message };
    if (error instanceof ValidationError && error.field) wire.field = error.field;
    return wire;
  }
  return { code: 'internal', message: (error as Error)?.message ?? String(error) };
}

function fromWire(wire: WireError): Error {
  switch (wire.code) {
    case 'validation_error':
      return new ValidationError(wire.message, wire.field);
    case 'not_found':
      return new NotFoundError(wire.message);
    case 'conflict':
      return new ConflictError(wire.message);
    case 'unavailable':
      return new UnavailableError(wire.message);
    default:
      return new Error(`the leader failed: ${wire.message}`);
  }
}

export class PgCommandQueue {
  private readonly table: string;
  private readonly submitted: string;
  private readonly finished: string;
  private readonly timeoutMs: number;
  private readonly pollMs: number;
  private readonly waiters = new Map<number, () => void>();
  private readonly unlisten: () => void;

  constructor(private readonly options: CommandQueueOptions) {
    this.table = `${quoteSchema(options.schema)}.cluster_commands`;
    this.submitted = notifyChannel(options.schema, 'commands');
    this.finished = notifyChannel(options.schema, 'command_done');
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.pollMs = options.pollMs ?? 250;
    this.unlisten = options.listener.listen(this.finished, (payload) =>
      this.waiters.get(Number(payload))?.(),
    );
  }

  /** Have the leader execute a command; resolves with its result. */
  async submit(kind: string, body: unknown): Promise<unknown> {
    const { rows } = await this.options.pool.query<{ id: number }>(
      `WITH submitted AS (
         INSERT INTO ${this.table} (kind, body, submitted_by, expires_at)
         VALUES ($1, $2, $3, clock_timestamp() + $4 * interval '1 millisecond') RETURNING id
       )
       SELECT id, pg_notify($5, id::text) FROM submitted`,
      [kind, JSON.stringify(body), this.options.instance, this.timeoutMs, this.submitted],
    );
    const id = rows[0]!.id;
    const takenBy = Date.now() + this.timeoutMs;
    // A command the leader took gets as long again to finish.
    const finishedBy = takenBy + this.timeoutMs;
    try {
      for (;;) {
        const wake = new Promise<void>((resolve) => this.waiters.set(id, resolve));
        const row = await this.read(id);
        if (row.state === 'done' || row.state === 'failed') {
          const outcome = JSON.parse(row.result!) as Outcome;
          if (outcome.ok) return outcome.value;
          throw fromWire(outcome.error);
        }
        if (row.state === 'expired')
          throw new UnavailableError(`the ${kind.replace(/_/g, ' ')} expired unexecuted`);
        const now = Date.now();
        if (row.state === 'pending' && now >= takenBy && (await this.withdraw(id))) {
          throw new UnavailableError(
            `no leader took the ${kind.replace(/_/g, ' ')} within ${this.timeoutMs} ms; it was withdrawn (not executed)`,
          );
        }
        if (now >= finishedBy) {
          throw new UnavailableError(
            `the leader took the ${kind.replace(/_/g, ' ')} but did not answer within ${2 * this.timeoutMs} ms; its outcome will show in the order history and the events`,
          );
        }
        await Promise.race([
          wake,
          sleep(Math.min(this.pollMs, Math.max(1, (now < takenBy ? takenBy : finishedBy) - now))),
        ]);
      }
    } finally {
      this.waiters.delete(id);
    }
  }

  /**
   * Execute commands as they come (the leader). Returns the function that stops consuming and
   * waits for the command in progress.
   */
  consume(handler: CommandHandler): () => Promise<void> {
    let stopped = false;
    let running: Promise<void> | null = null;
    let again = false;
    let lastCleanup = 0;
    const kick = () => {
      if (stopped) return;
      if (running) {
        again = true;
        return;
      }
      running = (async () => {
        do {
          again = false;
          try {
            if (await this.executeBatch(handler)) again = true;
            if (Date.now() - lastCleanup > KEEP_FINISHED_MS / 24) {
              lastCleanup = Date.now();
              await this.options.pool.query(
                `DELETE FROM ${this.table} WHERE created_at < clock_timestamp() - $1 * interval '1 millisecond'`,
                [KEEP_FINISHED_MS],
              );
            }
          } catch (error) {
            this.options.onError?.(error);
          }
        } while (again && !stopped);
      })().finally(() => {
        running = null;
      });
    };
    const unlisten = this.options.listener.listen(this.submitted, kick);
    const unreconnect = this.options.listener.onReconnect(kick);
    const timer = setInterval(kick, this.pollMs * 4);
    timer.unref();
    kick();
    return async () => {
      stopped = true;
      unlisten();
      unreconnect();
      clearInterval(timer);
      await running;
    };
  }

  close(): void {
    this.unlisten();
  }

  /** Take and execute up to a batch of commands, oldest first; true when the batch was full. */
  private async executeBatch(handler: CommandHandler): Promise<boolean> {
    const { rows } = await this.options.pool.query<{ id: number; kind: string; body: string }>(
      `UPDATE ${this.table} SET state = 'running', executed_by = $1
       WHERE id IN (
         SELECT id FROM ${this.table} WHERE state = 'pending' AND expires_at > clock_timestamp()
         ORDER BY id LIMIT ${CLAIM_BATCH} FOR UPDATE SKIP LOCKED
       )
       RETURNING id, kind, body`,
      [this.options.instance],
    );
    rows.sort((a, b) => a.id - b.id);
    for (const row of rows) {
      let outcome: Outcome;
      try {
        outcome = { ok: true, value: (await handler(row.kind, JSON.parse(row.body))) ?? null };
      } catch (error) {
        outcome = { ok: false, error: toWire(error) };
      }
      await this.options.pool.query(
        `WITH finished AS (
           UPDATE ${this.table} SET state = $2, result = $3, finished_at = clock_timestamp() WHERE id = $1 RETURNING id
         )
         SELECT pg_notify($4, id::text) FROM finished`,
        [row.id, outcome.ok ? 'done' : 'failed', JSON.stringify(outcome), this.finished],
      );
    }
    return rows.length === CLAIM_BATCH;
  }

  private async read(id: number): Promise<{ state: string; result: string | null }> {
    const { rows } = await this.options.pool.query<{ state: string; result: string | null }>(
      `SELECT state, result FROM ${this.table} WHERE id = $1`,
      [id],
    );
    return rows[0] ?? { state: 'expired', result: null };
  }

  /** Withdraw a command nobody took; false when the leader took it first. */
  private async withdraw(id: number): Promise<boolean> {
    const result = await this.options.pool.query(
      `UPDATE ${this.table} SET state = 'expired', finished_at = clock_timestamp() WHERE id = $1 AND state = 'pending'`,
      [id],
    );
    return result.rowCount === 1;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
