import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The job row records the stream sequence of its newest step, so that the steps route can wait
 * for the steps projection to hold every step the job view already shows. Rebuilt from the log.
 */
export class JobStepsSeq1764400000002 implements MigrationInterface {
  name = 'JobStepsSeq1764400000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE marketplace.jobs ADD COLUMN steps_seq bigint NOT NULL DEFAULT 0`);
    await q.query(`TRUNCATE marketplace.jobs`);
    await q.query(`DELETE FROM marketplace.projection_checkpoints WHERE name = 'marketplace.jobs'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE marketplace.jobs DROP COLUMN steps_seq`);
  }
}
