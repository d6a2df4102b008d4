/** Settings of running several instances on one PostgreSQL (used only when DATABASE_URL is set). */
import { integer, string } from '../config/settings.js';

export const CLUSTER_SETTINGS = {
  INSTANCE_NAME: string(
    '',
    'Name of this instance in GET /status and the leader record; empty means host:pid',
    {
      pattern: /^[A-Za-z0-9_.:@/-]{0,128}$/,
      hint: 'up to 128 letters, digits and _.:@/-',
    },
  ),
  LEADER_RETRY_MS: integer(
    1000,
    'How often a follower tries to become the leader and the leader checks its lock connection',
    { min: 100, max: 60_000 },
  ),
  COMMAND_TIMEOUT_MS: integer(
    5000,
    'How long a follower waits for the leader to execute a forwarded order or command (then 503)',
    { min: 200, max: 120_000 },
  ),
};
