/**
 * Daily range partitions of a table keyed by an epoch-ms bigint column: created ahead and on
 * demand (several instances may race to create the same one), dropped whole by retention.
 */
import { type PgPool, quoteSchema } from './postgres.js';

const DAY_MS = 86_400_000;
const DUPLICATE_TABLE = '42P07';

export function dayStart(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

export class DailyPartitions {
  private readonly known = new Set<number>();

  /** `table` is partitioned `BY RANGE` on an epoch-ms column; partitions are named `<table>_pYYYYMMDD`. */
  constructor(
    private readonly pool: PgPool,
    private readonly schema: string,
    private readonly table: string,
  ) {}

  private get parent(): string {
    return `${quoteSchema(this.schema)}.${this.table}`;
  }

  private nameOf(day: number): string {
    return `${this.table}_p${new Date(day).toISOString().slice(0, 10).replace(/-/g, '')}`;
  }

  /** Learn the partitions that exist (other instances may have created or dropped some). */
  async load(): Promise<void> {
    const { rows } = await this.pool.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = $1::regclass`,
      [this.parent],
    );
    this.known.clear();
    const pattern = new RegExp(`^${this.table}_p(\\d{4})(\\d{2})(\\d{2})$`);
    for (const { name } of rows) {
      const match = pattern.exec(name);
      if (match) this.known.add(Date.parse(`${match[1]}-${match[2]}-${match[3]}T00:00:00Z`));
    }
  }

  /** Today and the next `days` days. */
  ensureAhead(days: number, now = Date.now()): Promise<void> {
    const today = dayStart(now);
    return this.ensure(Array.from({ length: days + 1 }, (_, i) => today + i * DAY_MS));
  }

  /** Make sure the partitions of these days (any epoch ms within them) exist. */
  async ensure(times: Iterable<number>): Promise<void> {
    for (const time of times) {
      const day = dayStart(time);
      if (this.known.has(day)) continue;
      try {
        await this.pool.query(
          `CREATE TABLE IF NOT EXISTS ${quoteSchema(this.schema)}.${this.nameOf(day)} PARTITION OF ${this.parent}
           FOR VALUES FROM (${day}) TO (${day + DAY_MS})`,
        );
      } catch (error) {
        // Another instance created it between our check and our CREATE.
        if ((error as { code?: string }).code !== DUPLICATE_TABLE) throw error;
      }
      this.known.add(day);
    }
  }

  /** Drop every partition that ends at or before `beforeMs`; returns the rows they held. */
  async dropBefore(beforeMs: number): Promise<number> {
    await this.load();
    let rows = 0;
    for (const day of [...this.known].sort((a, b) => a - b)) {
      if (day + DAY_MS > beforeMs) break;
      const name = `${quoteSchema(this.schema)}.${this.nameOf(day)}`;
      const counted = await this.pool.query<{ n: number }>(`SELECT count(*) AS n FROM ${name}`);
      await this.pool.query(`DROP TABLE IF EXISTS ${name}`);
      this.known.delete(day);
      rows += counted.rows[0]!.n;
    }
    return rows;
  }
}
