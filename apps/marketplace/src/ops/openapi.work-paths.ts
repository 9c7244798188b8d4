import { errors, json, pathParam, problemResponse } from './openapi.helpers';

const notFound = problemResponse('Not found (or another tenant’s)');
const uploaded = (what: string) => ({
  201: json(`${what} registered`),
  200: json(`The same content was registered before: the first registration`),
  ...errors,
  415: problemResponse('Unsupported media type'),
});

/** Uploads, live progress, results, cancellation and assignment explanations. */
export const workPaths = {
  '/v1/datasets': {
    post: {
      summary: 'Upload a dataset (CSV with a header row, or a JSON array of flat objects); feature columns must be numeric',
      parameters: [
        { name: 'name', in: 'query', required: true, schema: { type: 'string', minLength: 1, maxLength: 200 } },
        { name: 'label', in: 'query', required: false, schema: { type: 'string', maxLength: 100 }, description: 'Label column: its values become classes' },
      ],
      requestBody: {
        required: true,
        description: 'At most 8 MiB by default (DATASET_LIMIT_BYTES)',
        content: { 'text/csv': { schema: { type: 'string' } }, 'application/json': { schema: { type: 'array', items: { type: 'object' } } } },
      },
      responses: { ...uploaded('Dataset: {id, name, rows, features, classes, blobHash}') },
    },
  },
  '/v1/models': {
    post: {
      summary: 'Upload an ONNX model; it is loaded with onnxruntime to validate it and read its inputs and outputs',
      parameters: [{ name: 'name', in: 'query', required: true, schema: { type: 'string', minLength: 1, maxLength: 200 } }],
      requestBody: {
        required: true,
        description: 'At most 16 MiB by default (MODEL_LIMIT_BYTES), and, where nodes are NATS users, no larger than one blob a node can read (the NATS max payload less 16 KiB)',
        content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
      },
      responses: { ...uploaded('Model: {id, name, tasks, inputs, outputs, graphHash}') },
    },
  },
  '/v1/jobs/{id}/events': {
    get: {
      summary: 'Server-Sent Events: the job view at once and after every change; ends after completed, failed or cancelled',
      parameters: [pathParam('id')],
      responses: {
        200: {
          description: 'text/event-stream; each event: `id: <version>` and `data: <job view JSON>`; `: heartbeat` comments every 15 s',
          content: { 'text/event-stream': { schema: { type: 'string' } } },
        },
        401: errors[401],
        404: notFound,
      },
    },
  },
  '/v1/jobs/{id}/result': {
    get: {
      summary: 'The result document of a completed job (predictions, embeddings, preprocessed-data shards or a trained model)',
      parameters: [pathParam('id')],
      responses: {
        200: json('Result document; ETag is its sha256', { $ref: '#/components/schemas/JobResultDocument' }),
        401: errors[401],
        404: notFound,
        409: problemResponse('JOB.NOT_FINISHED while the job runs; JOB.NO_RESULT when it failed or was cancelled'),
        503: problemResponse('The result blob cannot be read right now'),
      },
    },
  },
  '/v1/jobs/{id}/cancel': {
    post: {
      summary: 'Cancel a job; the scheduler then drops its pending fragments and revokes its leases',
      parameters: [pathParam('id')],
      responses: {
        202: json('Accepted: {id, status: "cancelled"}'),
        401: errors[401],
        404: notFound,
        409: problemResponse('JOB.ALREADY_FINISHED: the job completed, failed or was cancelled'),
      },
    },
  },
  '/v1/nodes/{nodeId}/assignments/{fragmentId}': {
    get: {
      summary: "The latest lease of one of the caller's fragments to a node, with the score breakdown and a one-line explanation",
      parameters: [pathParam('nodeId'), pathParam('fragmentId')],
      responses: { 200: json('Assignment'), 401: errors[401], 404: problemResponse('No such assignment among the caller’s jobs') },
    },
  },
};
