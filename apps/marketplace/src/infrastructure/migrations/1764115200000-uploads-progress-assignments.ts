import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Uploaded datasets and models, live job progress and fragment assignments. The jobs
 * projection now also reads fragment events, so its rows are rebuilt: the table is emptied and
 * its checkpoint reset, and the projector replays the log at start.
 */
export class UploadsProgressAssignments1764115200000 implements MigrationInterface {
  name = 'UploadsProgressAssignments1764115200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE marketplace.datasets (
      id text PRIMARY KEY, account_id text NOT NULL, name text NOT NULL, rows int NOT NULL, feature_names jsonb NOT NULL,
      class_names jsonb NOT NULL, blob_hash text NOT NULL, bytes bigint NOT NULL, registered_at timestamptz NOT NULL,
      version bigint NOT NULL)`);
    await q.query(`CREATE INDEX datasets_account ON marketplace.datasets (account_id, registered_at)`);
    await q.query(`CREATE TABLE marketplace.models (
      id text PRIMARY KEY, account_id text NOT NULL, name text NOT NULL, graph_hash text NOT NULL, bytes bigint NOT NULL,
      inputs jsonb NOT NULL, outputs jsonb NOT NULL, tasks jsonb NOT NULL, registered_at timestamptz NOT NULL,
      version bigint NOT NULL)`);
    await q.query(`CREATE INDEX models_account ON marketplace.models (account_id, registered_at)`);
    await q.query(`CREATE TABLE marketplace.assignments (
      lease_id text PRIMARY KEY, fragment_id text NOT NULL, job_id text NOT NULL, node_id text NOT NULL, attempt int NOT NULL,
      score jsonb NOT NULL, assigned_at timestamptz NOT NULL, lease_expires_at timestamptz NOT NULL, outcome text NOT NULL,
      ended_at timestamptz, result_hash text, assigned_seq bigint NOT NULL, version bigint NOT NULL)`);
    await q.query(`CREATE INDEX assignments_node_fragment ON marketplace.assignments (node_id, fragment_id, assigned_seq DESC)`);
    await q.query(`ALTER TABLE marketplace.jobs
      ADD COLUMN current_step int NOT NULL DEFAULT 0, ADD COLUMN total_steps int NOT NULL DEFAULT 0,
      ADD COLUMN fragments_planned int NOT NULL DEFAULT 0, ADD COLUMN fragments_assigned int NOT NULL DEFAULT 0,
      ADD COLUMN fragments_completed int NOT NULL DEFAULT 0, ADD COLUMN fragments_failed int NOT NULL DEFAULT 0,
      ADD COLUMN rows_total bigint NOT NULL DEFAULT 0, ADD COLUMN rows_processed bigint NOT NULL DEFAULT 0,
      ADD COLUMN pending_fragments jsonb NOT NULL DEFAULT '{}', ADD COLUMN active_leases jsonb NOT NULL DEFAULT '{}',
      ADD COLUMN steps jsonb NOT NULL DEFAULT '[]', ADD COLUMN result jsonb, ADD COLUMN failure jsonb,
      ADD COLUMN started_at timestamptz, ADD COLUMN completed_at timestamptz, ADD COLUMN finished_at timestamptz`);
    await q.query(`TRUNCATE marketplace.jobs`);
    await q.query(`DELETE FROM marketplace.projection_checkpoints WHERE name = 'marketplace.jobs'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE marketplace.assignments, marketplace.models, marketplace.datasets`);
    await q.query(`ALTER TABLE marketplace.jobs
      DROP COLUMN current_step, DROP COLUMN total_steps, DROP COLUMN fragments_planned, DROP COLUMN fragments_assigned,
      DROP COLUMN fragments_completed, DROP COLUMN fragments_failed, DROP COLUMN rows_total, DROP COLUMN rows_processed,
      DROP COLUMN pending_fragments, DROP COLUMN active_leases, DROP COLUMN steps, DROP COLUMN result, DROP COLUMN failure,
      DROP COLUMN started_at, DROP COLUMN completed_at, DROP COLUMN finished_at`);
    await q.query(`TRUNCATE marketplace.jobs`);
    await q.query(`DELETE FROM marketplace.projection_checkpoints WHERE name = 'marketplace.jobs'`);
  }
}
