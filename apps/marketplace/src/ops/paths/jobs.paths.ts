import { jobResultDocumentSchema } from '../../jobs/get-result/job-result.document';
import { submitJobRequestSchema } from '../../jobs/submit-job/submit-job.request.dto';
import { errors, json, jsonRequestBody, jsonResponse, named, notFound, pathParam, problemResponse, type PathItems } from '../openapi.helpers';

const submitJobRequest = named('SubmitJobRequest', submitJobRequestSchema);
const jobResultDocument = named('JobResultDocument', jobResultDocumentSchema);
const jobId = pathParam('id', 'The job id returned by submitJob');

export const jobsPaths: PathItems = {
  '/v1/jobs': {
    post: {
      operationId: 'submitJob',
      tags: ['jobs'],
      summary: 'Publish a job',
      parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', minLength: 1, maxLength: 255 } }],
      requestBody: jsonRequestBody(submitJobRequest),
      responses: {
        202: json('Accepted: {id, status}'),
        400: problemResponse(
          'Invalid input: REQUEST.INVALID_BODY, REQUEST.INVALID_STRING, JOB.MODEL_UNKNOWN, JOB.DATASET_UNKNOWN, JOB.WEIGHTS_UNKNOWN (params.weights is not the weightsHash of one of your completed training jobs), …',
        ),
        413: errors[413],
        415: errors[415],
        422: problemResponse('IDEMPOTENCY.KEY_REUSED: Idempotency-Key reused with another body'),
      },
    },
    get: {
      operationId: 'listJobs',
      tags: ['jobs'],
      summary: "List the caller's jobs, newest first",
      parameters: [
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
        { name: 'cursor', in: 'query', description: 'nextCursor of the previous page', schema: { type: 'string', maxLength: 24, pattern: '^[A-Za-z0-9_-]{1,24}$' } },
      ],
      responses: { 200: json('{items, nextCursor}') },
    },
  },
  '/v1/jobs/{id}': {
    get: {
      operationId: 'getJob',
      tags: ['jobs'],
      summary: 'One job of the caller, with its live progress: status, fragment and row counters, timings, outcome',
      parameters: [jobId],
      responses: { 200: json('Job'), 404: notFound() },
    },
  },
  '/v1/jobs/{id}/events': {
    get: {
      operationId: 'followJob',
      tags: ['jobs'],
      summary: 'Server-Sent Events: the job view at once and after every change; ends after completed, failed or cancelled',
      parameters: [jobId],
      responses: {
        200: {
          description: 'text/event-stream; each event: `id: <version>` and `data: <job view JSON>`; `: heartbeat` comments every 15 s',
          content: { 'text/event-stream': { schema: { type: 'string' } } },
        },
        404: notFound(),
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
        200: jsonResponse('Result document; ETag is its sha256', jobResultDocument),
        404: notFound(),
        409: problemResponse('JOB.NOT_FINISHED while the job runs; JOB.NO_RESULT when it failed or was cancelled'),
        503: problemResponse('The result blob cannot be read right now'),
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
        202: json('Accepted: {id, status: "cancelled"}'),
        404: notFound(),
        409: problemResponse('JOB.ALREADY_FINISHED: the job completed, failed or was cancelled'),
      },
    },
  },
};
