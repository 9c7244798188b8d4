import type { EntityManager } from 'typeorm';
import { checkpointTable } from './checkpoint-store';
import type { RowStore } from './row-store';

/**
 * A batch costs two statements inside its transaction: one locks the checkpoint and reads the
 * rows the batch touches (but those it creates, `ProjectionDefinition.creates`), one deletes,
 * upserts and advances the checkpoint; a third reads rows only in a redelivered batch whose
 * creating events are behind the checkpoint. Round trips, not rows, dominate a projection's
 * time, so each one saved shows directly in events per second.
 */
export async function lockAndLoad<Row extends object>(
  em: EntityManager,
  rows: RowStore<Row>,
  schema: string,
  name: string,
  keys: string[],
): Promise<{ checkpoint: number; current: Map<string, Row> }> {
  const [result] = await em.query(
    `WITH cp AS (
       INSERT INTO ${checkpointTable(schema)} AS c (name) VALUES ($1)
       ON CONFLICT (name) DO UPDATE SET name = c.name RETURNING c.position)
     SELECT (SELECT position FROM cp) AS position,
            (${rowsWithKeys(rows, '$2')}) AS rows`,
    [name, keys],
  );
  return { checkpoint: Number(result.position), current: byKey(rows, result.rows as Row[]) };
}

/** Rows by key, for keys `lockAndLoad` did not read (rare: a redelivered batch whose creating event is behind the checkpoint). */
export async function loadRows<Row extends object>(em: EntityManager, rows: RowStore<Row>, keys: string[]): Promise<Map<string, Row>> {
  const [result] = await em.query(`SELECT (${rowsWithKeys(rows, '$1')}) AS rows`, [keys]);
  return byKey(rows, result.rows as Row[]);
}

/** SQL for the table's rows whose key is in the array parameter `param`, as one jsonb array. */
function rowsWithKeys<Row extends object>(rows: RowStore<Row>, param: string): string {
  return `SELECT coalesce(jsonb_agg(to_jsonb(t)), '[]'::jsonb) FROM ${rows.table} t WHERE ${rows.key} = ANY(${param})`;
}

function byKey<Row extends object>(rows: RowStore<Row>, found: Row[]): Map<string, Row> {
  const current = new Map<string, Row>();
  for (const row of found) current.set(String((row as Record<string, unknown>)[rows.key]), row);
  return current;
}

export async function writeBatch<Row extends object>(
  em: EntityManager,
  rows: RowStore<Row>,
  schema: string,
  name: string,
  batch: { upserts: Row[]; deletes: string[]; position: number },
  /** NOTIFY payloads announcing the batch on `channel`, delivered only if it commits. */
  notices: { channel: string; payloads: string[] },
): Promise<void> {
  const upsert = batch.upserts.length ? await rows.upsertStatement(em, batch.upserts, 6) : null;
  // A SELECT in a WITH runs only when referenced: the RETURNING reads it, so the notices go out
  // in the same round trip (the checkpoint row always exists: lockAndLoad created it).
  await em.query(
    `WITH deleted AS (DELETE FROM ${rows.table} WHERE ${rows.key} = ANY($1))${upsert ? `, upserted AS (${upsert.sql})` : ''},
          notified AS (SELECT pg_notify($4, payload) FROM unnest($5::text[]) AS payload)
     UPDATE ${checkpointTable(schema)} SET position = GREATEST(position, $2), stuck = NULL, updated_at = now() WHERE name = $3
     RETURNING (SELECT count(*) FROM notified) AS notices`,
    [batch.deletes, batch.position, name, notices.channel, notices.payloads, ...(upsert?.params ?? [])],
  );
}
