/**
 * Several LeviBot instances on one PostgreSQL: which one leads (runs the market feed and the
 * paper engine), and how the others hand it commands. Used only when DATABASE_URL is set.
 */
import { migratePostgres, type PgPool } from '../shared/postgres.js';
import { CLUSTER_MIGRATIONS } from './schema.js';

// Commonly used
export {
  lockConnectionName,
  LeaderElection,
  type ElectionStatus,
  type LeaderElectionOptions,
  type LeaderInfo,
  type Role,
} from './leadership.js';
export { PgCommandQueue, type CommandHandler, type CommandQueueOptions } from './commands.js';
export { CLUSTER_SETTINGS } from './settings.js';

/** Create or upgrade the cluster tables (leader record, command queue). */
export function migrateCluster(pool: PgPool, schema: string): Promise<void> {
  return migratePostgres(pool, schema, 'cluster', CLUSTER_MIGRATIONS);
}
