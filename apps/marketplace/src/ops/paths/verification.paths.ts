import { jobFragmentsPageSchema } from '../../jobs/verification/verification.view.schema';
import { jsonResponse, notFound, pathParam, problemResponse, type PathItems } from '../openapi.helpers';

const page = [
  { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
  {
    name: 'cursor',
    in: 'query',
    required: false,
    description: 'nextCursor of the previous page',
    schema: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9_-]{1,200}$' },
  },
];

/** How each fragment of a job was verified (docs/verification.md). */
export const verificationPaths: PathItems = {
  '/v1/jobs/{id}/fragments': {
    get: {
      operationId: 'listJobFragments',
      tags: ['jobs'],
      summary: 'Each fragment of one of your jobs that has a result, with its verification verdict, checks and cost; in fragment id order',
      parameters: [pathParam('id', 'The job id submitJob returned'), ...page],
      responses: {
        200: jsonResponse('A page of fragments', jobFragmentsPageSchema, {
          example: {
            items: [
              {
                fragmentId: 'f-0193a2f4-0001',
                nodeId: 'N'.repeat(56),
                verification: {
                  outcome: 'verified',
                  method: 'sampled-rows',
                  checks: [{ check: 'sampled-rows', outcome: 'pass', metrics: { rows: 8, maxAbsDiff: 0.00002 } }],
                  cost: { flops: 1_200_000, ms: 4 },
                  attempts: { fraud: 0, rejected: 0, escalated: 0 },
                },
                replicas: [],
              },
            ],
            nextCursor: null,
          },
        }),
        400: problemResponse('REQUEST.INVALID_QUERY: limit or cursor is invalid (details names the field); REQUEST.INVALID_STRING'),
        404: notFound('JOB.NOT_FOUND: no such job among yours (another account’s job answers the same)'),
      },
    },
  },
};
