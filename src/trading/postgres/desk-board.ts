/**
 * PostgreSQL adapter of the DeskBoard: the leader upserts its desk view into one row and
 * NOTIFYs; the other instances re-read the row when notified (and after their LISTEN connection
 * comes back, since notifications sent meanwhile are lost). The table belongs to the trading
 * state schema (`paper_desk`).
 */
import { type PgPool, quoteSchema } from '../../shared/postgres.js';
import { notifyChannel, type PgListener } from '../../shared/postgres-listener.js';
import type { DeskBoard, DeskView } from '../desk.js';

export class PgDeskBoard implements DeskBoard {
  private readonly table: string;
  private readonly channel: string;

  constructor(
    private readonly pool: PgPool,
    schema: string,
    private readonly listener: PgListener,
  ) {
    this.table = `${quoteSchema(schema)}.paper_desk`;
    this.channel = notifyChannel(schema, 'desk');
  }

  async publish(view: DeskView): Promise<void> {
    await this.pool.query(
      `WITH published AS (
         INSERT INTO ${this.table} (singleton, body, updated_at) VALUES (true, $1, clock_timestamp())
         ON CONFLICT (singleton) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at
         RETURNING 1
       )
       SELECT pg_notify($2, '') FROM published`,
      [JSON.stringify(view), this.channel],
    );
  }

  async read(): Promise<DeskView | null> {
    const { rows } = await this.pool.query<{ body: string }>(`SELECT body FROM ${this.table}`);
    return rows[0] ? (JSON.parse(rows[0].body) as DeskView) : null;
  }

  onPublished(listener: () => void): () => void {
    const unlisten = this.listener.listen(this.channel, () => listener());
    const unreconnect = this.listener.onReconnect(listener);
    return () => {
      unlisten();
      unreconnect();
    };
  }
}
