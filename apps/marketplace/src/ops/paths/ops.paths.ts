import { healthSchema } from '../health.schema';
import { jsonResponse, type PathItems } from '../openapi.helpers';

export const opsPaths: PathItems = {
  '/health': {
    get: {
      operationId: 'getHealth',
      tags: ['ops'],
      summary: 'Liveness of NATS and Postgres, and whether every read model keeps up',
      security: [],
      responses: {
        200: jsonResponse('ok, or degraded with projections.<name>.stuck: an event a read model cannot apply (it retries and resumes by itself)', healthSchema, {
          example: { status: 'ok', nats: 'ok', postgres: 'ok', projections: { 'marketplace.jobs': { role: 'active', position: 1042, failures: 0, lastSeq: 1042, lag: 0 } } },
        }),
        503: jsonResponse('degraded: NATS or Postgres does not answer', healthSchema),
      },
    },
  },
  '/metrics': {
    get: {
      operationId: 'getMetrics',
      tags: ['ops'],
      summary: 'Prometheus metrics',
      security: [],
      responses: { 200: { description: 'Prometheus text exposition format', content: { 'text/plain': { schema: { type: 'string', maxLength: 16_777_216 } } } } },
    },
  },
  '/openapi.json': {
    get: {
      operationId: 'getOpenApiDocument',
      tags: ['ops'],
      summary: 'This document (also at /docs/openapi.json, with a browsable UI at /docs)',
      security: [],
      responses: { 200: { description: 'OpenAPI 3.1 document', content: { 'application/json': { schema: { type: 'object', description: 'An OpenAPI 3.1 document' } } } } },
    },
  },
};
