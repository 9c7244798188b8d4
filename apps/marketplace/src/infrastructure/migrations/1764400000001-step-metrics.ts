import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Regression steps carry held-out `rmse` and `r2`; the job row's latest and best steps become
 * summaries (metrics only: the weights of each step are in `marketplace.job_steps`). Both
 * projections are rebuilt from the log.
 */
export class StepMetrics1764400000001 implements MigrationInterface {
  name = 'StepMetrics1764400000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE marketplace.job_steps ADD COLUMN rmse float8, ADD COLUMN r2 float8`);
    await q.query(`TRUNCATE marketplace.jobs, marketplace.job_steps`);
    await q.query(`DELETE FROM marketplace.projection_checkpoints WHERE name IN ('marketplace.jobs', 'marketplace.job_steps')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE marketplace.job_steps DROP COLUMN rmse, DROP COLUMN r2`);
    await q.query(`TRUNCATE marketplace.jobs, marketplace.job_steps`);
    await q.query(`DELETE FROM marketplace.projection_checkpoints WHERE name IN ('marketplace.jobs', 'marketplace.job_steps')`);
  }
}
