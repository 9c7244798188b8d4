import { z } from 'zod';

/** Building blocks of the OpenAPI document. */
export const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' });
export const problemRef = { $ref: '#/components/schemas/Problem' };
export const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: problemRef } } });
export const json = (description: string, s: object = { type: 'object' }) => ({ description, content: { 'application/json': { schema: s } } });
export const pathParam = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } });
export const errors = {
  400: problemResponse(
    'Invalid input. REQUEST.INVALID_STRING: a string (path, query, header, body at any depth, keys included) holds NUL, a lone surrogate, is too long or nested too deep; details.location says where',
  ),
  401: problemResponse('Missing or invalid credentials'),
  413: problemResponse('Body too large'),
};

/** 429 on every authenticated operation: RATE.LIMITED (token bucket per key), RATE.TOO_MANY_STREAMS (SSE). */
export const tooManyRequests = {
  description: 'RATE.LIMITED: over the API key\'s request rate; RATE.TOO_MANY_STREAMS: too many open event streams for the key',
  headers: { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer', minimum: 1 } } },
  content: { 'application/problem+json': { schema: problemRef } },
};

type Operation = { security?: unknown[]; responses: Record<string, unknown> };

/** Adds 429, and 400 for unstorable strings, to every operation that is not public (`security: []`). */
export function withEdgeResponses<P extends Record<string, Record<string, Operation>>>(paths: P): P {
  for (const operations of Object.values(paths)) {
    for (const op of Object.values(operations)) {
      if (op.security?.length === 0) continue;
      op.responses['400'] ??= errors[400];
      op.responses['429'] = tooManyRequests;
    }
  }
  return paths;
}
