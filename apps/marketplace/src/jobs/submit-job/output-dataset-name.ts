import { outputDatasetId } from '@corex/compute';
import type { JobSubmittedData, NewEvent } from '@corex/events';
import type { EventLog } from '@corex/eventstore';
import type { DataSource } from 'typeorm';
import { assertNameFreeInReadModel } from '../../uploads/upload-listing';
import { claimUploadName } from '../../uploads/upload-names';

/**
 * A preprocessing job with `params.outputDataset` registers its output under that dataset name
 * when it completes: the name is claimed now, for the dataset id the scheduler will register
 * (outputDatasetId), so a taken name is refused at submission (409 DATASET.NAME_TAKEN) and no
 * upload can take it while the job runs. A repeated submission (same Idempotency-Key, same job
 * id) finds its own claim.
 */
export async function claimOutputDatasetName(log: EventLog, ds: DataSource, decided: readonly NewEvent[], now: Date): Promise<void> {
  const job = decided[0]?.data as JobSubmittedData | undefined;
  const name = (job?.params as Record<string, unknown> | undefined)?.['outputDataset'];
  if (!job || job.type !== 'preprocessing' || typeof name !== 'string') return;
  const uploadId = outputDatasetId(job.jobId);
  await assertNameFreeInReadModel(ds, 'dataset', job.accountId, name, uploadId);
  await claimUploadName(log, { uploadKind: 'dataset', accountId: job.accountId, name, uploadId, now });
}
