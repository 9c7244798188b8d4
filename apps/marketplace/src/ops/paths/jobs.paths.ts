import { z } from 'zod';
import { DATASET_SIZED_MLP, NOISE_AUGMENTER, jobParamsSchema, type ParamsModel } from '@corex/compute';
import type { jobTypes } from '@corex/events';
import { jobResultDocumentSchema } from '../../jobs/get-result/job-result.document';
import { submittedVerificationPolicySchema } from '@corex/marketplace-domain';
import { jobAcceptedSchema, jobsPageSchema, jobSubmittedSchema, jobViewSchema, stepsPageSchema } from '../../jobs/job.view.schema';
import { submitJobRequestSchema } from '../../jobs/submit-job/submit-job.request.dto';
import { jobQuoteSchema } from '../../jobs/quote-job/job-quote.view.schema';
import { errors, jsonRequestBody, jsonResponse, named, notFound, pathParam, problemResponse, type PathItems } from '../openapi.helpers';

/**
 * The params each job type and model take, as the submission checks them (@corex/compute
 * jobParamsSchema): the request's `params` is documented as one of these, not as any JSON.
 */
const paramsOf = (id: string, type: (typeof jobTypes)[number], model: ParamsModel, description: string) => named(id, jobParamsSchema(type, model).describe(description));
const jobParams = z
  .union([
    paramsOf('MlpTrainingParams', 'training', { id: DATASET_SIZED_MLP }, 'training with model mlp: an MLP sized to your dataset'),
    paramsOf('TrainingParams', 'training', { id: 'penguins-mlp' }, 'training with another catalog model'),
    paramsOf('MlpForwardParams', 'inference', { id: DATASET_SIZED_MLP }, 'inference or feature-extraction with model mlp (params.weights required)'),
    paramsOf('ForwardParams', 'inference', { id: 'penguins-mlp' }, 'inference or feature-extraction with another catalog model'),
    paramsOf('UploadedModelParams', 'inference', { id: 'upload', uploaded: true }, 'inference or feature-extraction with one of your uploaded models'),
    paramsOf('NoiseAugmenterParams', 'preprocessing', { id: NOISE_AUGMENTER }, 'preprocessing with model noise-augmenter'),
    paramsOf('PreprocessingParams', 'preprocessing', { id: 'standardizer' }, 'preprocessing with another catalog model'),
  ])
  .default({})
  .describe(
    'Params of the job type and model; unknown keys, wrong types and out-of-range values are refused with 400 JOB.PARAMS_INVALID naming each field, never ignored or clamped. Absent keys take their defaults.',
  );
const verification = submittedVerificationPolicySchema
  .optional()
  .describe(
    'How the results are checked (docs/verification.md). adaptive (the default): by the trust of the node that ran each fragment (new and low-reputation nodes get a replica, trusted ones a spot-check); redundancy: every fragment also runs on a second node; spot-check: a share `rate` (0.01..1) of the fragments is recomputed. An unknown mode or field or a rate out of range is refused with 400 JOB.VERIFICATION_INVALID. The response quotes what it costs and buys.',
  );
const submitJobRequest = named('SubmitJobRequest', submitJobRequestSchema.extend({ params: jobParams, verification }));
const jobResultDocument = named('JobResultDocument', jobResultDocumentSchema);
const jobId = pathParam('id', 'The job id submitJob returned');
const jobNotFound = notFound('JOB.NOT_FOUND: no such job among yours (another account’s job answers the same)');
const cursor = (what: string) => ({
  name: 'cursor',
  in: 'query',
  required: false,
  description: `nextCursor of the previous page of ${what}`,
  schema: { type: 'string', minLength: 1, maxLength: 24, pattern: '^[A-Za-z0-9_-]{1,24}$' },
});
const limit = (max: number, fallback: number) => ({
  name: 'limit',
  in: 'query',
  required: false,
  schema: { type: 'integer', minimum: 1, maximum: max, default: fallback },
});
const invalidQuery = problemResponse('REQUEST.INVALID_QUERY: limit or cursor is invalid (details names the field); REQUEST.INVALID_STRING');

const exampleJob = {
  id: '0193a2f4-5c1e-7b7a-9d3e-2f6b8c1a4e07',
  type: 'training',
  model: 'mlp',
  dataset: '0193a2f3-0b8e-7c55-8a41-6f0d2e9b7c13',
  budget: '5',
  priority: 'normal',
  status: 'running',
  requirements: {},
  params: { epochs: 30, shards: 4, learningRate: 0.5, heldOutFraction: 0.2, seed: 1, hiddenUnits: 32, hiddenLayers: 1 },
  progress: { step: 12, totalSteps: 30, fragments: { planned: 52, inProgress: 4, completed: 48, failed: 0 }, rows: { total: 6240, processed: 5760 } },
  latestStep: { step: 11, loss: 0.412, accuracy: 0.83 },
  bestStep: { step: 11, loss: 0.412, accuracy: 0.83 },
  result: null,
  failure: null,
  submittedAt: '2026-11-30T02:10:00.000Z',
  startedAt: '2026-11-30T02:10:01.250Z',
  completedAt: null,
  finishedAt: null,
  elapsedMs: 9120,
  updatedAt: '2026-11-30T02:10:10.370Z',
};

const exampleVerification = {
  policy: { mode: 'spot-check', rate: 0.2 },
  quote: { policy: { mode: 'spot-check', rate: 0.2 }, extraComputeShare: 0.2, extraCost: '1', detectionPerFragment: 0.2, detectionWithin50: 0.999986 },
};

/** What a submission refuses, and so what a quote refuses too: the same checks, the same codes. */
const submissionRefused = problemResponse(
  'Refused, nothing stored. REQUEST.INVALID_BODY (details names the field), REQUEST.MALFORMED_JSON, REQUEST.INVALID_STRING, IDEMPOTENCY.KEY_INVALID, JOB.BUDGET_INVALID, JOB.MODEL_UNKNOWN, JOB.DATASET_UNKNOWN (names resolve among your own uploads), JOB.WEIGHTS_UNKNOWN (params.weights is not the weightsHash of one of your completed training jobs), JOB.PARAMS_INVALID (details.errors: one {field, code: unknown|type|range, message} per refused param), JOB.MODEL_TASK_UNSUPPORTED, JOB.MODEL_DATASET_MISMATCH (feature count or input shape), JOB.DATASET_UNLABELLED, JOB.MODEL_CLASSES_MISMATCH, JOB.MODEL_OBJECTIVE_MISMATCH, JOB.MODEL_OUTPUT_UNSUPPORTED, JOB.VERIFICATION_INVALID (details.issues: one {path, message} per refused part of verification), federated jobs (dataset federation:<name>, docs/federated.md): JOB.FEDERATION_UNKNOWN, JOB.FEDERATION_TOO_SMALL, JOB.FEDERATED_PARAMS_REQUIRED, JOB.FEDERATION_SCHEMA_MISMATCH (the validation dataset\'s features or classes), JOB.FEDERATION_TRAINING_ONLY, JOB.FEDERATED_PARAMS_MISPLACED (params.federated with an ordinary dataset)',
  {
    type: 'https://corex.dev/problems/job-params-invalid',
    title: 'Bad Request',
    status: 400,
    detail: 'params refused: params.epochs: Too big: expected number to be <=1000; params.bachRows: bachRows is not a param of training with model penguins-mlp',
    code: 'JOB.PARAMS_INVALID',
    details: {
      errors: [
        { field: 'params.epochs', code: 'range', message: 'Too big: expected number to be <=1000' },
        { field: 'params.bachRows', code: 'unknown', message: 'bachRows is not a param of training with model penguins-mlp' },
      ],
    },
    instance: '/v1/jobs',
  },
);

export const jobsPaths: PathItems = {
  '/v1/jobs': {
    post: {
      operationId: 'submitJob',
      tags: ['jobs'],
      summary: 'Publish a job',
      description:
        'The model and dataset are checked before the 202: names resolve to your uploads, params are checked against the job type and model, and the model must fit the dataset. The job is readable at once (GET /v1/jobs/{id}).',
      parameters: [
        {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description: 'Retry-safe submission: the same key and body answer the first job again (Idempotent-Replayed: true)',
          schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]{1,255}$' },
        },
      ],
      requestBody: {
        ...jsonRequestBody(submitJobRequest),
        content: {
          'application/json': {
            ...jsonRequestBody(submitJobRequest).content['application/json'],
            examples: {
              train: { summary: 'Train an MLP sized to your uploaded CSV', value: { type: 'training', model: 'mlp', dataset: 'my-flowers', budget: '5', params: { epochs: 40 } } },
              infer: { summary: 'Predict with the catalog model', value: { type: 'inference', model: 'penguins-mlp', dataset: 'penguins', budget: '0.5' } },
              checked: {
                summary: 'Predict, recomputing a fifth of the fragments',
                value: { type: 'inference', model: 'penguins-mlp', dataset: 'penguins', budget: '0.5', verification: { mode: 'spot-check', rate: 0.2 } },
              },
            },
          },
        },
      },
      responses: {
        202: jsonResponse('Accepted; Location names the job. verification: the policy it runs under and its quote', jobSubmittedSchema, {
          example: { id: exampleJob.id, status: 'submitted', verification: exampleVerification },
          headers: {
            Location: { description: '/v1/jobs/{id}', schema: { type: 'string', maxLength: 256 } },
            'Idempotent-Replayed': { description: 'true when an Idempotency-Key answered an earlier submission', schema: { type: 'string', enum: ['true'] } },
          },
        }),
        400: submissionRefused,
        402: problemResponse('FUNDS.INSUFFICIENT: the account’s available funds do not cover the budget (details.available, details.needed in CXT); nothing was stored. Only when a chain is configured (GET /v1/accounts/me fundsCheck: on)', {
          type: 'https://corex.dev/problems/funds-insufficient',
          title: 'Payment Required',
          status: 402,
          detail: "the account's available funds (5 CXT) do not cover the budget (40 CXT): deposit CXT into the MiningPool for this account",
          code: 'FUNDS.INSUFFICIENT',
          instance: '/v1/jobs',
          details: { available: '5', needed: '40' },
        }),
        409: problemResponse('JOB.ALREADY_SUBMITTED: a concurrent submission with the same Idempotency-Key won; DATASET.NAME_TAKEN: params.outputDataset of a preprocessing job names one of your datasets already (docs/preprocessing.md)'),
        413: errors[413],
        415: errors[415],
        422: problemResponse('IDEMPOTENCY.KEY_REUSED: the Idempotency-Key was used with another body'),
      },
    },
    get: {
      operationId: 'listJobs',
      tags: ['jobs'],
      summary: 'Your jobs, newest first',
      parameters: [limit(100, 20), cursor('jobs')],
      responses: { 200: jsonResponse('A page of jobs', jobsPageSchema, { example: { items: [exampleJob], nextCursor: 'MTIz' } }), 400: invalidQuery },
    },
  },
  '/v1/jobs/quote': {
    post: {
      operationId: 'quoteJob',
      tags: ['jobs'],
      summary: 'Quote a job before publishing it',
      description:
        'Takes the body of submitJob and judges it with the same checks (names resolved among your uploads, params, model and dataset fit, verification policy), then answers what the submission would quote for its verification: the extra compute share, the most of the budget it may take, and the detection it buys. Nothing is stored or reserved, and no Idempotency-Key is used; the funds check is left to the submission.',
      requestBody: jsonRequestBody(submitJobRequest),
      responses: {
        200: jsonResponse('The job as it would be recorded and its verification quote', jobQuoteSchema, {
          example: { type: 'inference', model: 'penguins-mlp', dataset: 'penguins', budget: '5', verification: exampleVerification },
        }),
        400: submissionRefused,
        413: errors[413],
        415: errors[415],
      },
    },
  },
  '/v1/jobs/{id}': {
    get: {
      operationId: 'getJob',
      tags: ['jobs'],
      summary: 'One of your jobs: status, progress counters, latest and best training step, timings, outcome, cost, verification',
      parameters: [jobId],
      responses: {
        200: jsonResponse('The job', jobViewSchema, {
          example: {
            ...exampleJob,
            verification: { ...exampleVerification, cost: { flops: 57_600_000, ms: 31 }, fragments: { verified: 46, rejected: 0, fraud: 1, escalated: 1, pending: 4 } },
          },
        }),
        404: jobNotFound,
      },
    },
  },
  '/v1/jobs/{id}/steps': {
    get: {
      operationId: 'listJobSteps',
      tags: ['jobs'],
      summary: 'The training steps of one of your jobs, in step order',
      parameters: [jobId, limit(1000, 100), cursor('steps')],
      responses: {
        200: jsonResponse('A page of steps', stepsPageSchema, {
          example: {
            items: [{ ...exampleJob.latestStep, weightsHash: 'b1946ac92492d2347c6235b4d2611184b1946ac92492d2347c6235b4d2611184', completedAt: '2026-11-30T02:10:10.370Z' }],
            nextCursor: null,
          },
        }),
        400: invalidQuery,
        404: jobNotFound,
      },
    },
  },
  '/v1/jobs/{id}/events': {
    get: {
      operationId: 'followJob',
      tags: ['jobs'],
      summary: 'Server-Sent Events: the job view at once, then what changes; ends after completed, failed or cancelled',
      description:
        'The first event (`event: job`, `id: <version>`) carries the whole Job. Every later event (unnamed, type `message`) carries a JSON Merge Patch ' +
        '(RFC 7386) of the Job with only the members that changed; applied in order they give the Job as GET shows it (a member set to null is removed: ' +
        'read it as null). A new training step arrives as `latestStep`; every step is at /v1/jobs/{id}/steps. `updatedAt` and `elapsedMs` come only ' +
        'with the final patch. At most one patch per SSE_PATCH_INTERVAL_MS (250 ms), changes in between merged; the final one at once. docs/job-events.md',
      parameters: [jobId],
      responses: {
        200: {
          description: 'text/event-stream: `event: job` with the Job, then patches as `data: <JSON>`; `: heartbeat` comments every 15 s (SSE_HEARTBEAT_MS)',
          content: { 'text/event-stream': { schema: { type: 'string', maxLength: 1_048_576, description: 'An unbounded stream; maxLength bounds one event' } } },
        },
        404: jobNotFound,
      },
    },
  },
  '/v1/jobs/{id}/result': {
    get: {
      operationId: 'getJobResult',
      tags: ['jobs'],
      summary: 'The result document of a completed job (predictions, embeddings, preprocessed-data shards or a trained model)',
      parameters: [jobId],
      responses: {
        200: jsonResponse('Result document; ETag is its sha256', jobResultDocument, {
          headers: { ETag: { description: 'The sha256 of the document, quoted', schema: { type: 'string', maxLength: 66 } } },
        }),
        404: jobNotFound,
        409: problemResponse('JOB.NOT_FINISHED while the job runs; JOB.NO_RESULT when it failed or was cancelled'),
        503: problemResponse('JOB.RESULT_UNAVAILABLE: the result blob cannot be read right now; retry later'),
      },
    },
  },
  '/v1/jobs/{id}/cancel': {
    post: {
      operationId: 'cancelJob',
      tags: ['jobs'],
      summary: 'Cancel a job; the scheduler then drops its pending fragments and revokes its leases',
      parameters: [jobId],
      responses: {
        202: jsonResponse('Cancellation recorded', jobAcceptedSchema, { example: { id: exampleJob.id, status: 'cancelled' } }),
        404: jobNotFound,
        409: problemResponse('JOB.ALREADY_FINISHED: the job completed, failed or was cancelled'),
      },
    },
  },
};
