import type { DataSource } from 'typeorm';
import { idSchema, type UploadKind } from '@corex/events';
import { IllegalStateError, NotFoundError } from '@corex/platform';
import type { z } from 'zod';
import type { datasetListingSchema, modelListingSchema } from './upload-listing.schema';

/** A dataset as GET /v1/datasets lists it (the document's Dataset). */
export type DatasetListing = z.output<typeof datasetListingSchema>;

/** A model as GET /v1/models lists it (the document's Model). */
export type ModelListing = z.output<typeof modelListingSchema>;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const TABLES: Record<UploadKind, string> = { dataset: 'marketplace.datasets', model: 'marketplace.models' };
const iso = (v: Date | string) => new Date(v).toISOString();
const encodeCursor = (seq: number | string) => Buffer.from(String(seq), 'utf8').toString('base64url');

export function toDatasetListing(r: Record<string, any>): DatasetListing {
  const listing: DatasetListing = {
    id: r.id,
    name: r.name,
    rows: r.rows,
    features: r.feature_names,
    classes: r.class_names,
    blobHash: r.blob_hash,
    bytes: Number(r.bytes),
    registeredAt: iso(r.registered_at),
  };
  if (r.target_name) listing.target = r.target_name;
  return listing;
}

export function toModelListing(r: Record<string, any>): ModelListing {
  return { id: r.id, name: r.name, tasks: r.tasks, inputs: r.inputs, outputs: r.outputs, graphHash: r.graph_hash, bytes: Number(r.bytes), registeredAt: iso(r.registered_at) };
}

/** The account's uploads of one kind, newest first; the cursor wraps the registration's stream sequence. */
export async function listUploads(ds: DataSource, kind: UploadKind, accountId: string, limit: number, cursor?: number): Promise<Page<Record<string, any>>> {
  const rows = await ds.query(
    `SELECT * FROM ${TABLES[kind]} WHERE account_id = $1 AND ($2::bigint IS NULL OR version < $2) ORDER BY version DESC LIMIT $3`,
    [accountId, cursor ?? null, limit + 1],
  );
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? encodeCursor(items.at(-1).version) : null };
}

/** The caller's upload, or `<KIND>.NOT_FOUND`: another account's is reported as missing, not forbidden. */
export async function findOwnUpload(ds: DataSource, kind: UploadKind, accountId: string, id: string): Promise<Record<string, any>> {
  const rows = idSchema.safeParse(id).success ? await ds.query(`SELECT * FROM ${TABLES[kind]} WHERE id = $1 AND account_id = $2`, [id, accountId]) : [];
  if (!rows.length) throw new NotFoundError(`${kind.toUpperCase()}.NOT_FOUND`, `${kind} ${id.slice(0, 128)} not found`);
  return rows[0];
}

/**
 * Uploads registered before names were claimed in the log have no claim: the read model is
 * asked too, so a new upload cannot take such a name either.
 */
export async function assertNameFreeInReadModel(ds: DataSource, kind: UploadKind, accountId: string, name: string, uploadId: string): Promise<void> {
  const rows = await ds.query(`SELECT id FROM ${TABLES[kind]} WHERE account_id = $1 AND name = $2 AND id <> $3 LIMIT 1`, [accountId, name, uploadId]);
  if (!rows.length) return;
  throw new IllegalStateError(`${kind.toUpperCase()}.NAME_TAKEN`, `your ${kind} ${JSON.stringify(name)} exists already: pick another name, or delete ${rows[0].id} first`, {
    name,
    existingId: rows[0].id,
  });
}

/**
 * What a job's `dataset` or `model` names: the id of the account's upload with that id, or
 * else with that name; null when neither exists.
 */
export async function resolveUploadRef(ds: DataSource, kind: UploadKind, accountId: string, ref: string): Promise<string | null> {
  const rows = await ds.query(
    `SELECT id FROM ${TABLES[kind]} WHERE account_id = $1 AND (id = $2 OR name = $2) ORDER BY (id = $2) DESC, version DESC LIMIT 1`,
    [accountId, ref],
  );
  return rows[0]?.id ?? null;
}
