import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The model registry's read side: each training step keeps how it was aggregated (rule,
 * participants, rejections, stragglers, acceptance, federated round), and each closed epoch the
 * model versions it recorded on-chain (aligned by index with its settled `txHashes.models`).
 * Step events written before these fields carry none of them, so the steps table keeps its rows;
 * the epochs are rebuilt from the log to pick up their models.
 */
export class ModelRegistry1765000000000 implements MigrationInterface {
  name = 'ModelRegistry1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE marketplace.job_steps
      ADD COLUMN parent_weights_hash text, ADD COLUMN optimizer text, ADD COLUMN rule text, ADD COLUMN participants jsonb,
      ADD COLUMN rejected jsonb, ADD COLUMN stragglers jsonb, ADD COLUMN accepted boolean, ADD COLUMN validation_loss float8,
      ADD COLUMN federated jsonb`);
    await q.query(`ALTER TABLE marketplace.settlement_epochs ADD COLUMN models jsonb NOT NULL DEFAULT '[]'`);
    await q.query(`CREATE INDEX settlement_epochs_models ON marketplace.settlement_epochs USING gin (models jsonb_path_ops)`);
    await q.query(`TRUNCATE marketplace.settlement_epochs`);
    await q.query(`DELETE FROM marketplace.projection_checkpoints WHERE name = 'marketplace.settlement_epochs'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE marketplace.settlement_epochs DROP COLUMN models`);
    await q.query(`ALTER TABLE marketplace.job_steps
      DROP COLUMN parent_weights_hash, DROP COLUMN optimizer, DROP COLUMN rule, DROP COLUMN participants, DROP COLUMN rejected,
      DROP COLUMN stragglers, DROP COLUMN accepted, DROP COLUMN validation_loss, DROP COLUMN federated`);
  }
}
