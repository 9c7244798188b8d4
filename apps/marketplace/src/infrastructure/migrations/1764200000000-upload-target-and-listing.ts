import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Regression datasets name their target column; uploads are listed newest first per account,
 * paged by the stream sequence of their registration (`version`), and found by name. No rebuild:
 * rows registered before have no target and none was deleted.
 */
export class UploadTargetAndListing1764200000000 implements MigrationInterface {
  name = 'UploadTargetAndListing1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE marketplace.datasets ADD COLUMN target_name text`);
    await q.query(`CREATE INDEX datasets_account_version ON marketplace.datasets (account_id, version DESC)`);
    await q.query(`CREATE INDEX datasets_account_name ON marketplace.datasets (account_id, name)`);
    await q.query(`CREATE INDEX models_account_version ON marketplace.models (account_id, version DESC)`);
    await q.query(`CREATE INDEX models_account_name ON marketplace.models (account_id, name)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX marketplace.datasets_account_version, marketplace.datasets_account_name`);
    await q.query(`DROP INDEX marketplace.models_account_version, marketplace.models_account_name`);
    await q.query(`ALTER TABLE marketplace.datasets DROP COLUMN target_name`);
  }
}
