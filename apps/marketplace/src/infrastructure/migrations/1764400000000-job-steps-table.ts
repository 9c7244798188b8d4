import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Training steps leave the job row for a table of their own (one row per step, paged by
 * GET /v1/jobs/{id}/steps): a 1,000-step job's row stays small, and a step costs one insert
 * instead of a rewrite of a growing JSON array. The job row keeps the latest step and the best
 * one. Both projections are rebuilt from the log: the jobs table is emptied and its checkpoint
 * reset; the new steps projection starts at the beginning by itself.
 */
export class JobStepsTable1764400000000 implements MigrationInterface {
  name = 'JobStepsTable1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE marketplace.job_steps (
      id text PRIMARY KEY, job_id text NOT NULL, step int NOT NULL, loss float8 NOT NULL, accuracy float8,
      weights_hash text NOT NULL, completed_at timestamptz NOT NULL, version bigint NOT NULL)`);
    await q.query(`CREATE UNIQUE INDEX job_steps_job_step ON marketplace.job_steps (job_id, step)`);
    await q.query(`ALTER TABLE marketplace.jobs DROP COLUMN steps, ADD COLUMN latest_step jsonb, ADD COLUMN best_step jsonb`);
    await q.query(`TRUNCATE marketplace.jobs`);
    await q.query(`DELETE FROM marketplace.projection_checkpoints WHERE name IN ('marketplace.jobs', 'marketplace.job_steps')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE marketplace.job_steps`);
    await q.query(`ALTER TABLE marketplace.jobs DROP COLUMN latest_step, DROP COLUMN best_step, ADD COLUMN steps jsonb NOT NULL DEFAULT '[]'`);
    await q.query(`TRUNCATE marketplace.jobs`);
    await q.query(`DELETE FROM marketplace.projection_checkpoints WHERE name IN ('marketplace.jobs', 'marketplace.job_steps')`);
  }
}
