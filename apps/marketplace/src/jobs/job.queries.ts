import type { DataSource } from 'typeorm';
import { idSchema } from '@corex/events';
import { NotFoundError } from '@corex/platform';
import type { StoredJobRow } from './job.view';

/**
 * The caller's job, or JOB.NOT_FOUND. Another tenant's job is reported as missing, not
 * forbidden: its existence is not disclosed. An id no job can have is simply not found.
 */
export async function findOwnJob(ds: DataSource, accountId: string, id: string): Promise<StoredJobRow> {
  const rows = idSchema.safeParse(id).success
    ? await ds.query(`SELECT * FROM marketplace.jobs WHERE id = $1 AND account_id = $2`, [id, accountId])
    : [];
  if (!rows.length) throw new NotFoundError('JOB.NOT_FOUND', `job ${id.slice(0, 128)} not found`);
  return rows[0];
}
