import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The event that ended each job: the operator views close the leases a cancellation left open with it. */
export class JobEnds1765100000001 implements MigrationInterface {
  name = 'JobEnds1765100000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE marketplace.job_ends (job_id text PRIMARY KEY, status text NOT NULL, ended jsonb NOT NULL, version bigint NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE marketplace.job_ends`);
  }
}
