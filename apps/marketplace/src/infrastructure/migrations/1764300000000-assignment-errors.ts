import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A lease that failed keeps why (`FragmentLeaseEnded.error`: the node's error code and message, or
 * why its result was refused), so the assignment view can show it. Older events carry no error:
 * the column starts empty and no rebuild is needed.
 */
export class AssignmentErrors1764300000000 implements MigrationInterface {
  name = 'AssignmentErrors1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE marketplace.assignments ADD COLUMN error jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE marketplace.assignments DROP COLUMN error`);
  }
}
