import { z } from 'zod';
import { defineEvent, type DataOf } from './catalog';
import { cxtAmountSchema, idSchema, isoTimeSchema } from './common';
import { attemptErrorSchema, leaseEndReasons, plannedFragmentSchema, sha256Schema } from './fragments';
import { nodeIdSchema } from './nodes';
import { verificationPolicySchema } from './trust';

export const jobTypes = ['inference', 'training', 'feature-extraction', 'preprocessing'] as const;
export const jobPriorities = ['low', 'normal', 'high'] as const;

export const jobRequirementsSchema = z.strictObject({
  minMemoryBytes: z.number().int().nonnegative().optional(),
  gpu: z.boolean().optional(),
  minTier: z.enum(['edge', 'standard', 'pro', 'elite']).optional(),
  maxNodes: z.number().int().positive().max(100_000).optional(),
  /** Only nodes with at least this active stake (CXT, decimal) get the job's fragments. */
  minStake: cxtAmountSchema.optional(),
});
export type JobRequirements = z.infer<typeof jobRequirementsSchema>;

export const JobSubmitted = defineEvent(
  'corex.job.submitted',
  1,
  z.object({
    jobId: idSchema,
    accountId: idSchema,
    type: z.enum(jobTypes),
    model: z.string().min(1),
    dataset: z.string().min(1),
    budget: cxtAmountSchema,
    priority: z.enum(jobPriorities),
    requirements: jobRequirementsSchema,
    params: z.record(z.string(), z.unknown()),
    /** How its results are checked; absent: adaptive (docs/verification.md). */
    verification: verificationPolicySchema.optional(),
    idempotencyKey: z.string().optional(),
    submittedAt: isoTimeSchema,
  }),
);
export type JobSubmittedData = DataOf<typeof JobSubmitted>;

/** Robust aggregation rules a training job may choose (docs/training.md). */
export const aggregationRules = ['mean', 'median', 'trimmed-mean', 'norm-clip', 'krum', 'multi-krum'] as const;
export type AggregationRule = (typeof aggregationRules)[number];

export const stepParticipantSchema = z.object({ fragmentId: idSchema, nodeId: nodeIdSchema, rows: z.number().int().nonnegative() });
export const stepRejectionSchema = z.object({
  fragmentId: idSchema,
  nodeId: nodeIdSchema,
  /** `excluded` (Krum / multi-Krum did not select it), `trimmed` (most of its coordinates fell outside the kept range), `clipped` (its norm was scaled down). */
  reason: z.enum(['excluded', 'trimmed', 'clipped']),
  /** The rule's measure: Krum score, share of coordinates trimmed, or the clip factor applied. */
  measure: z.number(),
});

/**
 * Fragments of the current step given up before they finished (a step deadline passed with enough
 * updates, or a federated member dropped out): the scheduler takes them out of the queue and ends
 * their leases; a result arriving for them later is refused as stale.
 */
export const JobFragmentsAbandoned = defineEvent(
  'corex.job.fragments-abandoned',
  1,
  z.object({
    jobId: idSchema,
    step: z.number().int().nonnegative(),
    fragments: z.array(z.object({ fragmentId: idSchema, nodeId: nodeIdSchema.nullable() })).min(1).max(10_000),
    reason: z.enum(['deadline', 'dropout']),
    abandonedAt: isoTimeSchema,
  }),
);
export type JobFragmentsAbandonedData = DataOf<typeof JobFragmentsAbandoned>;

/** Fragments of one step (inference, preprocessing and feature extraction have only step 0). */
export const JobFragmentsPlanned = defineEvent(
  'corex.job.fragments-planned',
  1,
  z.object({
    jobId: idSchema,
    step: z.number().int().nonnegative(),
    totalSteps: z.number().int().positive(),
    totalRows: z.number().int().nonnegative(),
    fragments: z.array(plannedFragmentSchema).min(1),
    plannedAt: isoTimeSchema,
  }),
);
export type JobFragmentsPlannedData = DataOf<typeof JobFragmentsPlanned>;

/**
 * A training step aggregated: new weights stored by hash, evaluated on the held-out split:
 * `accuracy` for a classifier, `rmse` and `r2` for a regressor (older events always carry accuracy).
 */
export const JobStepCompleted = defineEvent(
  'corex.job.step-completed',
  1,
  z.object({
    jobId: idSchema,
    step: z.number().int().nonnegative(),
    loss: z.number(),
    accuracy: z.number().min(0).max(1).optional(),
    rmse: z.number().nonnegative().optional(),
    r2: z.number().optional(),
    weightsHash: sha256Schema,
    /** Fields below are optional so that older events still parse (docs/training.md). */
    /** The weights the step started from (the model version's parent); null at step 0 from fresh weights. */
    parentWeightsHash: sha256Schema.nullable().optional(),
    /** Adam's moments after the step (a tensor map blob); absent for SGD. */
    optimizerStateHash: sha256Schema.optional(),
    optimizer: z.enum(['sgd', 'adam']).optional(),
    /** The robust aggregation rule the step used. */
    rule: z.enum(aggregationRules).optional(),
    /** The updates that entered the aggregation: fragment, node and rows. */
    participants: z.array(stepParticipantSchema).max(10_000).optional(),
    /** Updates the rule left out or bent (Krum's exclusions, trimmed/clipped updates) and why. */
    rejected: z.array(stepRejectionSchema).max(10_000).optional(),
    /** Fragments dropped at the step deadline (JobFragmentsAbandoned) and the node that held each. */
    stragglers: z.array(z.object({ fragmentId: idSchema, nodeId: nodeIdSchema.nullable() })).max(10_000).optional(),
    /** False when the new weights were refused (federated: worse on the validation set, or out of bounds): weightsHash is then the parent's. */
    accepted: z.boolean().optional(),
    /** Loss on the validation split (federated: the job's public validation set). */
    validationLoss: z.number().optional(),
    /** Federated rounds: the round number (also `step`) and how many members took part / dropped. */
    federated: z.object({ round: z.number().int().nonnegative(), members: z.number().int().nonnegative(), dropped: z.array(nodeIdSchema).max(10_000) }).optional(),
    completedAt: isoTimeSchema,
  }),
);
export type JobStepCompletedData = DataOf<typeof JobStepCompleted>;

export const jobResultSchema = z.object({
  kind: z.enum(['predictions', 'embeddings', 'preprocessed-data', 'model']),
  /** Blob holding the output (a JSON document or tensor map), by sha256. */
  resultHash: sha256Schema,
  rows: z.number().int().nonnegative(),
  weightsHash: sha256Schema.optional(),
  accuracy: z.number().min(0).max(1).optional(),
  loss: z.number().optional(),
  /** Regression models: held-out root mean squared error and coefficient of determination. */
  rmse: z.number().nonnegative().optional(),
  r2: z.number().optional(),
  /** Training: the trained model as a self-contained ONNX inference graph (GET /v1/jobs/{id}/model). */
  modelHash: sha256Schema.optional(),
});
export type JobResult = z.infer<typeof jobResultSchema>;

export const JobCompleted = defineEvent(
  'corex.job.completed',
  1,
  z.object({ jobId: idSchema, result: jobResultSchema, completedAt: isoTimeSchema }),
);
export type JobCompletedData = DataOf<typeof JobCompleted>;

/** One ended attempt at a fragment: which node, how it ended, and its error when known. */
export const fragmentAttemptSchema = z.object({
  nodeId: nodeIdSchema,
  leaseId: idSchema,
  reason: z.enum(leaseEndReasons),
  error: attemptErrorSchema.optional(),
  endedAt: isoTimeSchema,
});
export type FragmentAttempt = z.infer<typeof fragmentAttemptSchema>;

/** The fragment a job failed on (JOB.FRAGMENT_EXHAUSTED): its place in the job and every attempt at it, oldest first. */
export const fragmentFailureSchema = z.object({
  fragmentId: idSchema,
  index: z.number().int().nonnegative(),
  step: z.number().int().nonnegative(),
  attempts: z.array(fragmentAttemptSchema).max(32),
});
export type FragmentFailure = z.infer<typeof fragmentFailureSchema>;

export const JobFailed = defineEvent(
  'corex.job.failed',
  1,
  z.object({
    jobId: idSchema,
    code: z.string().max(64),
    reason: z.string().max(500),
    /** Optional, so older events still parse: present when a fragment failed too often. */
    fragment: fragmentFailureSchema.optional(),
    failedAt: isoTimeSchema,
  }),
);
export type JobFailedData = DataOf<typeof JobFailed>;

export const JobCancelled = defineEvent(
  'corex.job.cancelled',
  1,
  z.object({ jobId: idSchema, accountId: idSchema, cancelledAt: isoTimeSchema }),
);
export type JobCancelledData = DataOf<typeof JobCancelled>;

export const jobEvents = [JobSubmitted, JobFragmentsPlanned, JobFragmentsAbandoned, JobStepCompleted, JobCompleted, JobFailed, JobCancelled] as const;
