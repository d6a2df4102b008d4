/** Versioned schema of the cluster tables (search_path is LeviBot's schema). */
export const CLUSTER_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE cluster_leader (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    instance_id text NOT NULL,
    url text,
    since timestamptz NOT NULL,
    term bigint NOT NULL
  );
  CREATE TABLE cluster_commands (
    id bigserial PRIMARY KEY,
    kind text NOT NULL,
    body text NOT NULL,
    state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running', 'done', 'failed', 'expired')),
    result text,
    submitted_by text NOT NULL,
    executed_by text,
    created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    expires_at timestamptz NOT NULL,
    finished_at timestamptz
  );
  CREATE INDEX cluster_commands_pending ON cluster_commands (id) WHERE state = 'pending';
  CREATE INDEX cluster_commands_created ON cluster_commands (created_at);
  `,
];
