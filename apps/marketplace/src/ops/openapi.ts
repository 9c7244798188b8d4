import { createAccountRequestSchema } from '../accounts/create-account/create-account.request.dto';
import { jobResultDocumentSchema } from '../jobs/get-result/job-result.document';
import { submitJobRequestSchema } from '../jobs/submit-job/submit-job.request.dto';
import { errors, json, problemResponse, schema, withEdgeResponses } from './openapi.helpers';
import { workPaths } from './openapi.work-paths';

/** The OpenAPI 3.1 document, generated from the same zod schemas that validate requests. */
export function buildOpenApiDocument(version: string) {
  return {
    openapi: '3.1.0',
    info: { title: 'Corex marketplace API', version, description: 'Publish AI jobs to the Corex compute network.' },
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' }, adminToken: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'detail', 'code'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            code: { type: 'string', description: 'Stable machine-readable error code' },
            instance: { type: 'string' },
          },
        },
        CreateAccountRequest: schema(createAccountRequestSchema),
        SubmitJobRequest: schema(submitJobRequestSchema),
        JobResultDocument: schema(jobResultDocumentSchema),
      },
    },
    security: [{ apiKey: [] }],
    paths: withEdgeResponses({
      '/v1/accounts': {
        post: {
          summary: 'Create an account (admin); the API key is shown once',
          security: [{ adminToken: [] }],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/CreateAccountRequest' } } } },
          responses: { 201: json('Account created: {id, name, apiKey, createdAt}'), ...errors },
        },
      },
      '/v1/catalog': { get: { summary: 'Models and datasets a job can name', responses: { 200: json('Catalog'), 401: errors[401] } } },
      '/v1/jobs': {
        post: {
          summary: 'Publish a job',
          parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 255 } }],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/SubmitJobRequest' } } } },
          responses: {
            202: json('Accepted: {id, status}'),
            ...errors,
            400: problemResponse('Invalid input: REQUEST.INVALID_BODY, REQUEST.INVALID_STRING, JOB.MODEL_UNKNOWN, JOB.DATASET_UNKNOWN, JOB.WEIGHTS_UNKNOWN (params.weights is not the weightsHash of one of your completed training jobs), …'),
            422: problemResponse('Idempotency-Key reused with another body'),
          },
        },
        get: {
          summary: "List the caller's jobs, newest first",
          parameters: [
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
            { name: 'cursor', in: 'query', schema: { type: 'string' } },
          ],
          responses: { 200: json('{items, nextCursor}'), ...errors },
        },
      },
      '/v1/jobs/{id}': {
        get: {
          summary: 'One job of the caller, with its live progress: status, fragment and row counters, training steps, timings, outcome',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { 200: json('Job'), 401: errors[401], 404: problemResponse('Not found (or another tenant’s)') },
        },
      },
      '/v1/nodes/{id}': {
        get: {
          summary: "A node's hardware, benchmark and status",
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { 200: json('Node'), 401: errors[401], 404: problemResponse('Not found') },
        },
      },
      ...workPaths,
      '/health': {
        get: {
          summary: 'Liveness of NATS and Postgres, and whether every read model keeps up',
          security: [],
          responses: {
            200: json('{status: ok} or {status: degraded} with projections.<name>.stuck: an event a read model cannot apply (it retries and resumes by itself)'),
            503: json('{status: degraded}: NATS or Postgres does not answer'),
          },
        },
      },
      '/metrics': { get: { summary: 'Prometheus metrics', security: [], responses: { 200: { description: 'text exposition format' } } } },
    }),
  };
}
