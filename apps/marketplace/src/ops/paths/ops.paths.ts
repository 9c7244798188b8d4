import { json, type PathItems } from '../openapi.helpers';

export const opsPaths: PathItems = {
  '/health': {
    get: {
      operationId: 'getHealth',
      tags: ['ops'],
      summary: 'Liveness of NATS and Postgres, and whether every read model keeps up',
      security: [],
      responses: {
        200: json('{status: ok} or {status: degraded} with projections.<name>.stuck: an event a read model cannot apply (it retries and resumes by itself)'),
        503: json('{status: degraded}: NATS or Postgres does not answer'),
      },
    },
  },
  '/metrics': {
    get: {
      operationId: 'getMetrics',
      tags: ['ops'],
      summary: 'Prometheus metrics',
      security: [],
      responses: { 200: { description: 'Prometheus text exposition format', content: { 'text/plain': { schema: { type: 'string' } } } } },
    },
  },
};
