import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A dataset's label column name and where its label or target column stood, for downloads in the upload's column order. */
export class DatasetOutputColumn1764200000001 implements MigrationInterface {
  name = 'DatasetOutputColumn1764200000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE marketplace.datasets ADD COLUMN label_name text, ADD COLUMN output_column_index int`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE marketplace.datasets DROP COLUMN label_name, DROP COLUMN output_column_index`);
  }
}
