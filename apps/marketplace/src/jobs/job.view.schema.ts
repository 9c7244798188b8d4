import { z } from 'zod';
import {
  aggregationRules,
  fragmentFailureSchema,
  idSchema,
  jobPriorities,
  jobRequirementsSchema,
  jobResultSchema,
  jobTypes,
  nodeIdSchema,
  sha256Schema,
  stepParticipantSchema,
  stepRejectionSchema,
} from '@corex/events';
import { jobCostSchema } from '../settlement/settlement.view.schema';
import { verificationQuoteSchema, jobVerificationSchema, verificationPolicyViewSchema } from './verification/verification.view.schema';

/** Statuses of a job: submitted → planned → running → completed | failed | cancelled. */
export const jobStatuses = ['submitted', 'planned', 'running', 'completed', 'failed', 'cancelled'] as const;

const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const time = z.iso.datetime().max(32);
export const jobIdSchema = z.string().min(1).max(128).regex(/^[A-Za-z0-9_-]{1,128}$/);

export const trainingStepSchema = z
  .object({
    step: count,
    loss: z.number(),
    accuracy: z.number().min(0).max(1).optional().describe('Held-out accuracy of a classifier'),
    rmse: z.number().min(0).optional().describe('Held-out root mean squared error of a regressor'),
    r2: z.number().optional().describe('Held-out coefficient of determination of a regressor'),
    weightsHash: sha256Schema.describe('sha256 of the weights after this step'),
  })
  .meta({ id: 'TrainingStep' });

/** A step's metrics without its weights, as the job view shows its best step. */
export const trainingStepSummarySchema = trainingStepSchema.omit({ weightsHash: true }).meta({ id: 'TrainingStepSummary' });

/** How a step was aggregated; each member only when the step's event carried it (steps of older jobs carry none). */
export const trainingStepDetailsSchema = z.object({
  optimizer: z.enum(['sgd', 'adam']).optional(),
  rule: z.enum(aggregationRules).optional().describe('The robust aggregation rule the step used'),
  participants: z.array(stepParticipantSchema).max(10_000).optional().describe('The updates that entered the aggregation: fragment, node, rows'),
  rejected: z
    .array(stepRejectionSchema)
    .max(10_000)
    .optional()
    .describe('Updates the rule left out (excluded, trimmed) or bent (clipped), with the rule’s measure'),
  stragglers: z
    .array(z.object({ fragmentId: idSchema, nodeId: nodeIdSchema.nullable() }))
    .max(10_000)
    .optional()
    .describe('Fragments dropped at the step deadline and the node that held each'),
  accepted: z.boolean().optional().describe('false: the new weights were refused and weightsHash is the parent’s (not a model version); absent: accepted'),
  validationLoss: z.number().optional().describe('Loss on the validation split (federated: the public validation set)'),
  federated: z
    .object({ round: count, members: count, dropped: z.array(nodeIdSchema).max(10_000) })
    .optional()
    .describe('Federated rounds: the round, how many members took part and who dropped out'),
});

/** The newest step in the job view and its event stream: metrics plus how it was aggregated. */
export const latestTrainingStepSchema = trainingStepSummarySchema.extend(trainingStepDetailsSchema.shape).meta({ id: 'LatestTrainingStep' });

/** Where a training job's registry entries and report are (absent for other job types). */
export const jobLinksSchema = z
  .object({
    steps: z.string().max(256).describe('GET: every training step'),
    versions: z.string().max(256).describe('GET: the model versions this job registered (its accepted steps)'),
    report: z.string().max(256).describe('GET: training curves (loss, accuracy, rejected updates, stragglers per step) as SVG'),
  })
  .meta({ id: 'JobLinks' });

/** A job param as stored: the submitted value, checked against the job's own params schema. */
const paramScalar = z.union([z.number(), z.boolean(), z.string().max(4096), z.null()]);
/** Grouped params (training's `aggregation`, federated's `federated`) are one level of scalars. */
const paramValue = z.union([paramScalar, z.record(z.string().max(64), paramScalar)]);

/** The job as GET /v1/jobs/{id}, list pages and each SSE event show it. */
export const jobViewSchema = z
  .object({
    id: jobIdSchema,
    type: z.enum(jobTypes),
    model: z.string().min(1).max(128).describe('Catalog or upload id the job runs (a name given at submission is resolved to its id)'),
    dataset: z.string().min(1).max(128).describe('Catalog or upload id of the data'),
    budget: z.string().max(37).describe('CXT, as submitted'),
    priority: z.enum(jobPriorities),
    status: z.enum(jobStatuses),
    requirements: jobRequirementsSchema,
    params: z.record(z.string().max(64), paramValue).describe('The params the job runs with, defaults filled in'),
    progress: z.object({
      step: count.describe('The training step planned last, counted from 0: the last step (totalSteps − 1) once the job completes; 0 for other job types. Completed steps: GET /v1/jobs/{id}/steps'),
      totalSteps: count,
      fragments: z.object({ planned: count, inProgress: count, completed: count, failed: count }),
      rows: z.object({ total: count, processed: count }),
    }),
    latestStep: latestTrainingStepSchema.nullable().describe('The newest training step; every step is paged at /v1/jobs/{id}/steps'),
    bestStep: trainingStepSummarySchema.nullable().describe('The step with the best held-out metric'),
    result: jobResultSchema.nullable().describe('Summary of the outcome; the full document is at /v1/jobs/{id}/result'),
    failure: z
      .object({
        code: z.string().max(64).describe('JOB.FRAGMENT_EXHAUSTED when a fragment failed on too many nodes'),
        reason: z.string().max(500),
        fragment: fragmentFailureSchema.optional().describe('The fragment the job failed on, with every attempt: node, how it ended, its error'),
      })
      .nullable(),
    submittedAt: time,
    startedAt: time.nullable(),
    completedAt: time.nullable(),
    finishedAt: time.nullable().describe('When the job reached completed, failed or cancelled'),
    elapsedMs: count.nullable().describe('From the first assignment to the end, or to now while it runs'),
    updatedAt: time,
    cost: jobCostSchema.optional().describe('GET /v1/jobs/{id} only: budget and rewards charged so far, in wei; per fragment at /v1/jobs/{id}/cost'),
    links: jobLinksSchema.optional().describe('Training jobs only: where their steps, model versions and report are'),
    verification: jobVerificationSchema
      .optional()
      .describe('GET /v1/jobs/{id} only: the verification policy, its quote, what checking cost and the fragments by verdict; per fragment at /v1/jobs/{id}/fragments'),
  })
  .meta({ id: 'Job' });
export type JobView = z.output<typeof jobViewSchema>;

/** A page of a listing, newest first; `nextCursor` is opaque and null on the last page. */
export const pageSchema = <T extends z.ZodType>(item: T, maxItems: number) =>
  z.object({ items: z.array(item).max(maxItems), nextCursor: z.string().max(24).regex(/^[A-Za-z0-9_-]{1,24}$/).nullable() });

export const jobsPageSchema = pageSchema(jobViewSchema, 100).meta({ id: 'JobsPage' });
export type JobsPage = z.output<typeof jobsPageSchema>;

/** 202 of submitJob and cancelJob. */
export const jobAcceptedSchema = z.object({ id: jobIdSchema, status: z.enum(jobStatuses) }).meta({ id: 'JobAccepted' });
export type JobAccepted = z.output<typeof jobAcceptedSchema>;

/** 202 of submitJob: the job with the verification it runs under and what that costs and buys. */
export const jobSubmittedSchema = jobAcceptedSchema
  .extend({
    verification: z
      .object({ policy: verificationPolicyViewSchema.describe('As submitted; adaptive when none was sent'), quote: verificationQuoteSchema })
      .describe('The verification policy the job runs under and its quote'),
  })
  .meta({ id: 'SubmittedJob' });
export type JobSubmittedView = z.output<typeof jobSubmittedSchema>;

/** GET /v1/jobs/{id}/steps: training steps in step order. */
export const stepViewSchema = trainingStepSchema
  .extend({
    parentWeightsHash: sha256Schema.nullable().optional().describe('The weights the step started from; null at step 0 from fresh weights'),
    ...trainingStepDetailsSchema.shape,
    completedAt: time,
  })
  .meta({ id: 'TrainingStepRecord' });
export const stepsPageSchema = pageSchema(stepViewSchema, 1000).meta({ id: 'TrainingStepsPage' });
export type StepsPage = z.output<typeof stepsPageSchema>;
