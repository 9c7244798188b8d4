import type { MlpShape } from '@corex/compute';
import type { FragmentKind, JobRequirements, jobPriorities, jobTypes } from '@corex/events';
import { ValidationError } from '@corex/platform';
import { forwardSize, gradientSize, preprocessSize, type FragmentSize } from './fragment-size';
import { batchRows, sliceRows, trainingParams, trainingRows, type JobParams } from './job-params';

export type JobType = (typeof jobTypes)[number];
export type JobPriority = (typeof jobPriorities)[number];

/** The part of a submitted job the planner reads (a `JobSubmitted` payload fits). */
export interface JobToPlan {
  readonly jobId: string;
  readonly type: JobType;
  readonly priority: JobPriority;
  readonly requirements: JobRequirements;
  readonly params: JobParams;
}

/** Shape of the data a job runs on. */
export interface DataShape {
  readonly rows: number;
  readonly features: number;
}

export interface PlanOptions {
  /**
   * The architecture is a stand-in (uploaded graphs declare none): sizes are estimated from it,
   * but default batches keep MIN_DEFAULT_BATCH_ROWS rows, since the real cost of a row is unknown.
   */
  readonly architectureGuessed?: boolean;
}

/** One unit of schedulable work. */
export interface FragmentPlan {
  /** `${jobId}-s${step}-f${index}`. */
  readonly fragmentId: string;
  readonly jobId: string;
  readonly index: number;
  /** Training step (0-based); 0 for every other job type. */
  readonly step: number;
  readonly kind: FragmentKind;
  /**
   * Rows [start, end): of the dataset, or for gradient fragments of the training split
   * (the seeded shuffle `splitDataset` makes).
   */
  readonly rowRange: readonly [number, number];
  readonly size: FragmentSize;
  readonly priority: JobPriority;
  readonly requirements: JobRequirements;
  /**
   * What the job pays per row of work: budget / (rows × steps), in CXT. Set by the scheduler app
   * from the job's budget; jobs above the median of the queued jobs are "high-value".
   */
  readonly valuePerRow?: number;
  /** The stored input block the fragment reads (task.inputHash): nodes that fetched it lately score locality. */
  readonly inputHash?: string;
  /** Set on a replica (`<fragmentId>-r<n>`, see ReplicaPlanned): the fragment it runs again. Replicas never count for the job. */
  readonly replicaOf?: string;
  /** Only this node may run the fragment (federated phases); it is never replicated. */
  readonly pinnedNode?: string;
}

/**
 * Splits a job into fragments with explicit sizes. Inference and feature extraction: batches of
 * `params.batchRows`, by default sized by compute (see `batchRows`); preprocessing: slices of `params.sliceRows`; training: one gradient
 * fragment per shard of the training split for the given `step` (0 ≤ step < epochs).
 * MLP job types need the model `architecture`. Throws ValidationError with a SCHEDULER.* code.
 */
export function planFragments(job: JobToPlan, data: DataShape, architecture?: MlpShape, step = 0, options: PlanOptions = {}): FragmentPlan[] {
  checkData(data);
  if (job.type === 'preprocessing') {
    return chunks(data.rows, sliceRows(job.params)).map((range, index) =>
      fragment(job, 0, index, 'preprocessing', range, preprocessSize(range[1] - range[0], data.features)),
    );
  }
  const shape = requireArchitecture(job, data, architecture);
  const kind = job.type;
  if (kind === 'training') return planTrainingStep(job, data, shape, step);
  // A row's cost: one row's size minus the weights every batch holds anyway.
  const [one, none] = [forwardSize(1, shape), forwardSize(0, shape)];
  const cost = options.architectureGuessed ? null : { flopsPerRow: one.flops, memoryBytesPerRow: one.memoryBytes - none.memoryBytes };
  return chunks(data.rows, batchRows(job.params, cost)).map((range, index) =>
    fragment(job, 0, index, kind, range, forwardSize(range[1] - range[0], shape)),
  );
}

function planTrainingStep(job: JobToPlan, data: DataShape, shape: MlpShape, step: number): FragmentPlan[] {
  const { epochs, shards, heldOutFraction } = trainingParams(job.params);
  if (!Number.isInteger(step) || step < 0 || step >= epochs) {
    throw new ValidationError('SCHEDULER.STEP_OUT_OF_RANGE', `step ${step} is outside 0..${epochs - 1}`, { step, epochs });
  }
  const rows = trainingRows(data.rows, heldOutFraction);
  if (rows < 1) throw new ValidationError('SCHEDULER.TRAINING_SPLIT_EMPTY', 'no rows left to train on', { rows: data.rows });
  return evenShards(rows, Math.min(shards, rows)).map((range, index) =>
    fragment(job, step, index, 'gradient', range, gradientSize(range[1] - range[0], shape)),
  );
}

function fragment(
  job: JobToPlan,
  step: number,
  index: number,
  kind: FragmentKind,
  rowRange: readonly [number, number],
  size: FragmentSize,
): FragmentPlan {
  const { jobId, priority, requirements } = job;
  return { fragmentId: `${jobId}-s${step}-f${index}`, jobId, index, step, kind, rowRange, size, priority, requirements };
}

/** Contiguous ranges of `size` rows; the last one takes the remainder. */
function chunks(rows: number, size: number): (readonly [number, number])[] {
  const ranges: (readonly [number, number])[] = [];
  for (let start = 0; start < rows; start += size) ranges.push([start, Math.min(rows, start + size)]);
  return ranges;
}

/** `count` contiguous ranges whose lengths differ by at most one row. */
function evenShards(rows: number, count: number): (readonly [number, number])[] {
  const bound = (i: number) => Math.floor((i * rows) / count);
  return Array.from({ length: count }, (_, i) => [bound(i), bound(i + 1)] as const);
}

function checkData({ rows, features }: DataShape): void {
  if (!Number.isSafeInteger(rows) || rows < 1 || !Number.isSafeInteger(features) || features < 1) {
    throw new ValidationError('SCHEDULER.DATA_INVALID', 'data needs a positive whole number of rows and features', { rows, features });
  }
}

function requireArchitecture(job: JobToPlan, data: DataShape, architecture?: MlpShape): MlpShape {
  if (!architecture) {
    throw new ValidationError('SCHEDULER.ARCHITECTURE_REQUIRED', `a ${job.type} job needs the model architecture`, { jobId: job.jobId });
  }
  if (architecture.inputs !== data.features) {
    const details = { inputs: architecture.inputs, features: data.features };
    throw new ValidationError('SCHEDULER.SHAPE_MISMATCH', 'the model reads a different number of features than the data has', details);
  }
  return architecture;
}
