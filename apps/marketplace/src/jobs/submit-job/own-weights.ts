import type { DataSource } from 'typeorm';
import { ValidationError } from '@corex/platform';

/**
 * `params.weights` names a blob the scheduler runs the job with, so it must be the weights of
 * one of the caller's own completed training jobs. Anything else (unknown, another tenant's, or
 * malformed, which the params check refuses before this) is the same JOB.WEIGHTS_UNKNOWN: whether a
 * hash exists elsewhere is not disclosed.
 */
export async function assertOwnWeights(ds: DataSource, accountId: string, params: Record<string, unknown>): Promise<void> {
  if (!('weights' in params)) return;
  const weights = params['weights'];
  const unknown = () => new ValidationError('JOB.WEIGHTS_UNKNOWN', "params.weights must be the weightsHash of one of your completed training jobs");
  if (typeof weights !== 'string' || !/^[0-9a-f]{64}$/.test(weights)) throw unknown();
  const rows = await ds.query(
    `SELECT 1 FROM marketplace.jobs
     WHERE account_id = $1 AND type = 'training' AND status = 'completed' AND result->>'weightsHash' = $2 LIMIT 1`,
    [accountId, weights],
  );
  if (!rows.length) throw unknown();
}
