import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Schema `chain`: the signer's outbox and nonces, and the followers' checkpoints. A service that
 * signs or follows adds `chainMigrations` to its DataSource's migrations.
 *
 * outbox: one row per transaction intent, written (signed, with its nonce) before the first
 * broadcast. `hashes` holds every signed version of it (a fee bump re-signs the same nonce), so a
 * receipt for any of them is the intent's.
 */
export class ChainSchema1764600000001 implements MigrationInterface {
  name = 'ChainSchema1764600000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS chain`);
    await q.query(`CREATE TABLE chain.signer_nonces (
      chain_id bigint NOT NULL,
      address text NOT NULL,
      next_nonce bigint NOT NULL,
      PRIMARY KEY (chain_id, address))`);
    await q.query(`CREATE TABLE chain.outbox (
      intent_id text PRIMARY KEY,
      chain_id bigint NOT NULL,
      address text NOT NULL,
      nonce bigint NOT NULL,
      request jsonb NOT NULL,
      raw text NOT NULL,
      hash text NOT NULL,
      hashes text[] NOT NULL,
      status text NOT NULL,
      error text,
      block_number bigint,
      receipt_status int,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (chain_id, address, nonce))`);
    await q.query(`CREATE INDEX outbox_open ON chain.outbox (chain_id, address, nonce) WHERE status IN ('signed', 'sent')`);
    await q.query(`CREATE TABLE chain.follower_checkpoints (
      name text PRIMARY KEY,
      chain_id bigint NOT NULL,
      block_number bigint NOT NULL,
      block_hash text,
      log_index int,
      updated_at timestamptz NOT NULL DEFAULT now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA chain CASCADE`);
  }
}

export const chainMigrations = [ChainSchema1764600000001];
