import type { EntityManager } from 'typeorm';
import { assertIdentifier } from './projection';

/** `<schema>.projection_checkpoints`: one row per projection, position only moves forward. */
export function checkpointTable(schema: string): string {
  return `${assertIdentifier(schema)}.projection_checkpoints`;
}

/** Advisory lock key ('CORY', 0) serializing the DDL below: two processes starting at once would both create. */
const DDL_LOCK = [0x434f5259, 0];

/** Creates the schema and checkpoint table when missing; call inside a transaction. */
export async function ensureCheckpointTable(em: EntityManager, schema: string): Promise<void> {
  await em.query(`SELECT pg_advisory_xact_lock($1, $2)`, DDL_LOCK);
  await em.query(`CREATE SCHEMA IF NOT EXISTS ${assertIdentifier(schema)}`);
  await em.query(
    `CREATE TABLE IF NOT EXISTS ${checkpointTable(schema)} (name text PRIMARY KEY, position bigint NOT NULL DEFAULT 0, updated_at timestamptz NOT NULL DEFAULT now())`,
  );
  // Where the active process is stuck, so that standbys report it too; cleared by the next batch.
  await em.query(`ALTER TABLE ${checkpointTable(schema)} ADD COLUMN IF NOT EXISTS stuck jsonb`);
}

/** Records where the projection is stuck (outside the failed batch's transaction). */
export async function recordStuck(em: EntityManager, schema: string, name: string, stuck: object): Promise<void> {
  await em.query(`UPDATE ${checkpointTable(schema)} SET stuck = $1 WHERE name = $2`, [JSON.stringify(stuck), name]);
}

/** Reads the position and locks the row for the transaction, so two appliers serialize. */
export async function lockCheckpoint(em: EntityManager, schema: string, name: string): Promise<number> {
  // The no-op update takes the row lock and returns the position in one round trip.
  const rows = await em.query(
    `INSERT INTO ${checkpointTable(schema)} AS c (name) VALUES ($1) ON CONFLICT (name) DO UPDATE SET name = c.name RETURNING c.position`,
    [name],
  );
  return Number(rows[0].position);
}

export async function readCheckpoint(em: EntityManager, schema: string, name: string): Promise<number> {
  const rows = await em.query(`SELECT position FROM ${checkpointTable(schema)} WHERE name = $1`, [name]);
  return rows.length ? Number(rows[0].position) : 0;
}

export async function resetCheckpoint(em: EntityManager, schema: string, name: string): Promise<void> {
  await em.query(`UPDATE ${checkpointTable(schema)} SET position = 0, updated_at = now() WHERE name = $1`, [name]);
}
