import { decodeTensorMap, encodeTensorMap, labelTensor, outputDatasetId, targetTensor, type TensorMap } from '@corex/compute';
import { DatasetRegistered, subjects, UploadNameClaimed, UploadNameReleased, type DatasetRegisteredData, type JobSubmittedData } from '@corex/events';
import { WrongExpectedVersionError, type EventLog } from '@corex/eventstore';
import { deterministicId, sha256Hex } from '@corex/platform';
import type { PreparedJob } from '../planning/job-planner';
import type { BlobReader } from '../runtime/recent-results';
import { preprocessedDocument, type CompletedPart } from './result-documents';

/** What the result document says of `params.outputDataset`. */
export type OutputDatasetOutcome = { id: string; name: string; registered: true } | { id: string; name: string; registered: false; reason: string };

/**
 * The document of a completed preprocessing job; with `params.outputDataset`, the output is first
 * registered as a dataset of the job's account under that name (DatasetRegistered: the assembled
 * `x`, with the input's labels `y` or targets `t`), so later jobs can name it.
 */
export async function preprocessingDocument(log: EventLog, job: JobSubmittedData, prepared: PreparedJob, reader: BlobReader, parts: CompletedPart[], now: Date) {
  // The output's column names (a slicer keeps some): what a CSV download of a shard is headed with.
  const featureNames = prepared.preprocessed ? { featureNames: [...prepared.preprocessed.featureNames] } : {};
  const document = { ...preprocessedDocument(parts, prepared.preprocess ?? 'unknown'), ...featureNames };
  const name = (job.params as Record<string, unknown>)['outputDataset'];
  if (typeof name !== 'string' || !prepared.preprocessed) return document;
  return { ...document, dataset: await registerOutputDataset(log, job, prepared.preprocessed, reader, parts, name, now) };
}

async function registerOutputDataset(
  log: EventLog,
  job: JobSubmittedData,
  { input, featureNames }: NonNullable<PreparedJob['preprocessed']>,
  reader: BlobReader,
  parts: CompletedPart[],
  name: string,
  now: Date,
): Promise<OutputDatasetOutcome> {
  const id = outputDatasetId(job.jobId);
  const holder = await claimName(log, job.accountId, name, id, now);
  if (holder !== id) return { id, name, registered: false, reason: `DATASET.NAME_TAKEN: the name is held by ${holder}` };
  const tensors: TensorMap = { x: { data: await assembled(reader, parts, featureNames.length), dims: [input.rows, featureNames.length] } };
  if (input.targets) tensors['t'] = targetTensor(input.targets);
  else if (input.classNames.length > 0) tensors['y'] = labelTensor(input.labels);
  const blob = encodeTensorMap(tensors);
  const data: DatasetRegisteredData = {
    datasetId: id,
    accountId: job.accountId,
    name,
    rows: input.rows,
    featureNames: [...featureNames],
    classNames: [...input.classNames],
    ...(input.targets ? { targetName: input.targetName ?? 't' } : {}),
    blobHash: await (await log.blobs()).put(blob),
    bytes: blob.byteLength,
    registeredAt: now.toISOString(),
  };
  const subject = subjects.dataset(id);
  const { version, events } = await log.store.read(subject);
  if (!events.some((e) => e.event.type === DatasetRegistered.type)) {
    await log.store.append(subject, [{ type: DatasetRegistered.type, id: deterministicId('output-dataset-registered', id), data }], version);
  }
  return { id, name, registered: true };
}

/** The `y` outputs of the parts in row order, as one [rows, width] block. */
async function assembled(reader: BlobReader, parts: CompletedPart[], width: number): Promise<Float32Array> {
  const ordered = [...parts].sort((a, b) => a.rowRange[0] - b.rowRange[0]);
  const rows = ordered.reduce((n, p) => n + p.rowRange[1] - p.rowRange[0], 0);
  const x = new Float32Array(rows * width);
  let at = 0;
  for (const part of ordered) {
    const bytes = await reader.get(part.resultHash);
    const y = bytes ? decodeTensorMap(bytes)['y']?.data : undefined;
    if (!(y instanceof Float32Array)) throw new Error(`result ${part.resultHash} has no float y`);
    x.set(y, at);
    at += y.length;
  }
  return x;
}

/**
 * The upload name's holder after claiming it for `id`: the marketplace claimed it at submission;
 * a claim that lapsed meanwhile (ABANDONED_CLAIM_MS, for jobs running longer) is made again
 * here if the name is still free. Another holder: the name went to another upload.
 */
async function claimName(log: EventLog, accountId: string, name: string, id: string, now: Date): Promise<string> {
  const subject = uploadNameSubject(accountId, name);
  for (let attempt = 0; ; attempt++) {
    const { version, events } = await log.store.read(subject);
    const holder = events.reduce<string | null>((held, { event }) => {
      const data = event.data as { uploadId: string };
      if (event.type === UploadNameClaimed.type) return data.uploadId;
      return event.type === UploadNameReleased.type && data.uploadId === held ? null : held;
    }, null);
    if (holder !== null) return holder;
    const claim = { kind: 'dataset' as const, accountId, name, uploadId: id, claimedAt: now.toISOString() };
    try {
      await log.store.append(subject, [{ type: UploadNameClaimed.type, data: claim }], version);
      return id;
    } catch (err) {
      if (!(err instanceof WrongExpectedVersionError) || attempt >= 3) throw err;
    }
  }
}

/** The subject of a dataset name within an account: the same as the marketplace's uploadNameSubject (apps/marketplace/src/uploads/upload-names.ts). */
export function uploadNameSubject(accountId: string, name: string): string {
  return subjects.uploadName(sha256Hex(`dataset\n${accountId}\n${name}`));
}
