import type { DataSource } from 'typeorm';
import type { StoredEvent } from '@corex/events';
import { evolveJobRow } from '../../projections/jobs.evolve';

/**
 * Writes the row the jobs projection makes of a stored JobSubmitted, so the job is readable as
 * soon as the 202 goes out, however far the projection lags. The row is exactly the one the
 * projection makes (same evolve, same event, same sequence), and it never overwrites: where the
 * projection got there first, its row (at the same or a later sequence) stays; where this one
 * is first, the projection's own write of the same event leaves it unchanged.
 */
export async function writeSubmittedRow(ds: DataSource, submitted: StoredEvent): Promise<void> {
  const row = evolveJobRow(null, submitted.event, submitted.seq);
  if (!row) throw new Error(`event ${submitted.event.type} does not create a job row`);
  await ds.query(
    `INSERT INTO marketplace.jobs SELECT * FROM jsonb_populate_record(NULL::marketplace.jobs, $1::jsonb) ON CONFLICT (id) DO NOTHING`,
    [JSON.stringify(row)],
  );
}
