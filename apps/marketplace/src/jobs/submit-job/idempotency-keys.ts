import type { DataSource } from 'typeorm';

export interface IdempotencyRecord {
  requestHash: string;
  jobId: string;
}

/** Records a key's first request; returns what was recorded first (this one or an earlier one). */
export async function recordIdempotencyKey(
  ds: DataSource,
  accountId: string,
  key: string,
  record: IdempotencyRecord,
): Promise<IdempotencyRecord> {
  const rows = await ds.query(
    `WITH inserted AS (
       INSERT INTO marketplace.idempotency_keys (account_id, key, request_hash, job_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (account_id, key) DO NOTHING RETURNING request_hash, job_id)
     SELECT request_hash, job_id FROM inserted
     UNION ALL SELECT request_hash, job_id FROM marketplace.idempotency_keys WHERE account_id = $1 AND key = $2
     LIMIT 1`,
    [accountId, key, record.requestHash, record.jobId],
  );
  return { requestHash: rows[0].request_hash, jobId: rows[0].job_id };
}
