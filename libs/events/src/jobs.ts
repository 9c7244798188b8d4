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

export const jobEvents = [JobSubmitted, JobFragmentsPlanned, JobStepCompleted, JobCompleted, JobFailed, JobCancelled] as const;
