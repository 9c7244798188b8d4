import type { DataSource } from 'typeorm';
import { NotFoundError } from '@corex/platform';
import type { FragmentOutcome } from '../projections/fragment-verifications.projection';
import { findOwnJob } from '../jobs/job.queries';
import type { StoredJobRow } from '../jobs/job.view';
import { STEP_COLUMNS, type StoredStepRow } from '../jobs/list-steps/step-view';

/** A job_steps row that is a model version, with the version holding its parent weights. */
export type VersionRow = StoredStepRow & { parent_version: number | null };

/** A model record of a closed epoch (EpochClosed.models) with its recordModel transaction once settled. */
export interface AnchorRecord {
  epoch: number;
  txHash: string | null;
  weightsHash: string;
  step?: number;
  fragmentsRoot?: string;
  accuracyBps: number;
}

/**
 * The caller's training job whose versions the registry lists, or MODEL.NOT_FOUND: another
 * account's job, an unknown id or a job that trains nothing answer alike.
 */
export async function findOwnTrainingJob(ds: DataSource, accountId: string, id: string): Promise<StoredJobRow> {
  const job = await findOwnJob(ds, accountId, id).catch((err) => {
    throw err instanceof NotFoundError ? modelNotFound(id) : err;
  });
  if (job.type !== 'training') throw modelNotFound(id);
  return job;
}

const modelNotFound = (id: string) => new NotFoundError('MODEL.NOT_FOUND', `no model versions under ${id.slice(0, 128)}: not one of your training jobs`);

const VERSION_SELECT = `SELECT ${STEP_COLUMNS.split(', ').map((c) => `s.${c}`).join(', ')},
  (SELECT p.step + 1 FROM marketplace.job_steps p WHERE p.job_id = s.job_id AND p.step < s.step AND p.weights_hash = s.parent_weights_hash
     AND p.accepted IS DISTINCT FROM false ORDER BY p.step DESC LIMIT 1)::int AS parent_version
  FROM marketplace.job_steps s WHERE s.job_id = $1 AND s.accepted IS DISTINCT FROM false`;

/** A page of the job's versions in version order, after version `after` (exclusive). */
export async function versionPage(ds: DataSource, jobId: string, after: number | null, limit: number): Promise<VersionRow[]> {
  return ds.query(`${VERSION_SELECT} AND ($2::int IS NULL OR s.step + 1 > $2) ORDER BY s.step LIMIT $3`, [jobId, after, limit]);
}

/** Version `n` of the job (its step n − 1, unless that step's weights were refused), or null. */
export async function versionRow(ds: DataSource, jobId: string, n: number): Promise<VersionRow | null> {
  const [row] = await ds.query(`${VERSION_SELECT} AND s.step = $2`, [jobId, n - 1]);
  return row ?? null;
}

/** The versions whose step took `fragmentId`'s update, in version order. */
export async function versionsWithFragment(ds: DataSource, jobId: string, fragmentId: string): Promise<VersionRow[]> {
  const member = JSON.stringify([{ fragmentId }]);
  return ds.query(`${VERSION_SELECT} AND (s.participants @> $2::jsonb OR s.rejected @> $2::jsonb) ORDER BY s.step LIMIT 10000`, [jobId, member]);
}

/** Every model record of the job in closed epochs, oldest epoch first. */
export async function anchorsOf(ds: DataSource, jobId: string): Promise<AnchorRecord[]> {
  const rows: Array<{ epoch: number; settled: boolean; tx_hashes: { models?: string[] } | null; record: Record<string, unknown>; idx: number }> = await ds.query(
    `SELECT e.epoch, e.settled, e.tx_hashes, m.record, (m.ord - 1)::int AS idx
     FROM marketplace.settlement_epochs e, jsonb_array_elements(e.models) WITH ORDINALITY AS m(record, ord)
     WHERE e.models @> jsonb_build_array(jsonb_build_object('jobId', $1::text)) AND m.record->>'jobId' = $1 ORDER BY e.epoch, m.ord`,
    [jobId],
  );
  return rows.map((r) => ({
    epoch: r.epoch,
    txHash: (r.settled && r.tx_hashes?.models?.[r.idx]) || null,
    weightsHash: String(r.record.weightsHash),
    ...(typeof r.record.step === 'number' && { step: r.record.step }),
    ...(typeof r.record.fragmentsRoot === 'string' && { fragmentsRoot: r.record.fragmentsRoot }),
    accuracyBps: Number(r.record.accuracyBps),
  }));
}

/** The record of a version: by step where records carry one, else by its weights. */
export function anchorOf(anchors: readonly AnchorRecord[], version: { step: number; weights_hash: string }): AnchorRecord | undefined {
  return anchors.find((a) => (a.step === undefined ? a.weightsHash === version.weights_hash : a.step === version.step));
}

/** The latest verdict of each of the job's fragments named. */
export async function verdictsOf(ds: DataSource, jobId: string, fragmentIds: readonly string[]): Promise<Map<string, FragmentOutcome>> {
  if (fragmentIds.length === 0) return new Map();
  const rows: Array<{ fragment_id: string; outcome: FragmentOutcome }> = await ds.query(
    `SELECT fragment_id, outcome FROM marketplace.fragment_verifications WHERE job_id = $1 AND fragment_id = ANY($2)`,
    [jobId, fragmentIds],
  );
  return new Map(rows.map((r) => [r.fragment_id, r.outcome]));
}
