import type { DataSource } from 'typeorm';

export interface IdempotencyRecord {
  requestHash: string;
  jobId: string;
}

/**
 * Records a key's first request; returns what was recorded first (this one or an earlier one).
 * Two statements on purpose: when a concurrent twin holds the key uncommitted, the insert waits
 * for it and does nothing, and a read in the same statement would still use the snapshot taken
 * before the twin committed (and find no row); the next statement sees it.
 */
export async function recordIdempotencyKey(
  ds: DataSource,
  accountId: string,
  key: string,
  record: IdempotencyRecord,
): Promise<IdempotencyRecord> {
  const inserted = await ds.query(
    `INSERT INTO marketplace.idempotency_keys (account_id, key, request_hash, job_id) VALUES ($1, $2, $3, $4)
     ON CONFLICT (account_id, key) DO NOTHING RETURNING request_hash, job_id`,
    [accountId, key, record.requestHash, record.jobId],
  );
  const rows = inserted.length
    ? inserted
    : await ds.query(`SELECT request_hash, job_id FROM marketplace.idempotency_keys WHERE account_id = $1 AND key = $2`, [accountId, key]);
  return { requestHash: rows[0].request_hash, jobId: rows[0].job_id };
}
