import { z } from 'zod';
import { BODY_LIMITS } from '../http/request-strings';

/**
 * Building blocks of the OpenAPI document. Each area describes its routes in
 * `paths/<area>.paths.ts` (a `PathItems` object built with these helpers) and is added to the
 * document with one argument of `mergePaths` in openapi.ts.
 *
 * Rules every operation follows (checked by ops/openapi-routes.spec.ts and apps/marketplace/test/openapi:
 * Spectral's oas and OWASP rulesets, and a client generated from the document):
 * - `operationId` (camelCase verb first) and exactly one tag of `apiTags`;
 * - a response for every status the route can answer: success bodies with a schema made from the
 *   zod schema the code returns (`jsonResponse`), problems with `problemResponse` (400, 401, 429 and 500 are added to every authenticated operation);
 * - `maxLength` on every string and `maxItems` on every array, in parameters and bodies.
 * A zod schema with `.meta({ id: 'Name' })` becomes `components.schemas.Name` wherever it is used.
 */

export const apiTags = [
  { name: 'accounts', description: 'Accounts and their API keys (admin)' },
  { name: 'catalog', description: 'Models and datasets a job can name' },
  { name: 'datasets', description: "The caller's uploaded datasets" },
  { name: 'models', description: "The caller's uploaded models, and the model versions its training jobs registered" },
  { name: 'jobs', description: 'Publish jobs, follow them, download their results' },
  { name: 'nodes', description: 'Compute nodes and the leases of your fragments' },
  { name: 'network', description: 'The chain Corex settles on: contract addresses and epochs' },
  { name: 'operator', description: 'Node operators: sign in with the node’s key (node-runner login) and read what the node was given, earned and was paid' },
  { name: 'ops', description: 'Health, metrics and this document' },
] as const;
export type ApiTag = (typeof apiTags)[number]['name'];

export interface Operation {
  operationId: string;
  tags: [ApiTag];
  summary: string;
  description?: string;
  /** `[]` for a public operation; absent means the document's default (an API key). */
  security?: Record<string, string[]>[];
  parameters?: unknown[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
}
export type PathItems = Record<string, Partial<Record<'get' | 'post' | 'put' | 'patch' | 'delete', Operation>>>;

/**
 * What every JSON body is held to besides its own schema (http/request-strings.ts, and the body
 * limit): a request schema without its own bound gets these, so the document says what the edge
 * enforces. Arrays are bounded by the body size: `maxItems` is what BODY_LIMIT_BYTES's default
 * (64 KiB) admits at two bytes an item.
 */
const REQUEST_BOUNDS = { stringLength: BODY_LIMITS.value, keyLength: BODY_LIMITS.key, arrayItems: (64 * 1024) / 2 };

const boundRequest = (ctx: { jsonSchema: Record<string, unknown>; path: (string | number)[] }) => {
  const json = ctx.jsonSchema;
  if (json.type === 'string' && json.maxLength === undefined && json.enum === undefined && json.const === undefined) {
    json.maxLength = ctx.path.at(-1) === 'propertyNames' ? REQUEST_BOUNDS.keyLength : REQUEST_BOUNDS.stringLength;
  }
  if (json.type === 'array' && json.maxItems === undefined) json.maxItems = REQUEST_BOUNDS.arrayItems;
};

/**
 * JSON Schema of a zod schema: `input` for what a request may carry (with the edge's bounds),
 * `output` for what a response carries. `$defs` inside are hoisted into components by the builder.
 */
export const schema = (s: z.ZodType, io: 'input' | 'output' = 'input') => {
  const { $schema: _, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any', ...(io === 'input' && { override: boundRequest }) });
  return rest;
};

/** A request body read as JSON by `parseBody` with this zod schema. */
export const jsonRequestBody = (body: z.ZodType, description?: string) => ({
  required: true,
  ...(description && { description }),
  content: { 'application/json': { schema: schema(body, 'input') } },
});

/** The schema under a component name (components.schemas.<id>), leaving the original unnamed. */
export const named = <S extends z.ZodType>(id: string, s: S): S => s.meta({ id }) as S;

export const problemRef = { $ref: '#/components/schemas/Problem' };

/** One problem+json response; the description names the codes it carries. */
export const problemResponse = (description: string, example?: unknown) => ({
  description,
  content: { 'application/problem+json': { schema: problemRef, ...(example !== undefined && { example }) } },
});

/** A JSON success response whose schema is the zod schema the handler's return value is typed by. */
export function jsonResponse(description: string, body: z.ZodType, options: { example?: unknown; headers?: Record<string, unknown> } = {}) {
  const media: Record<string, unknown> = { schema: schema(body, 'output') };
  if (options.example !== undefined) media.example = options.example;
  return { description, ...(options.headers && { headers: options.headers }), content: { 'application/json': media } };
}

export const PATH_PARAM_MAX_LENGTH = 256;
export const pathParam = (name: string, description?: string) => ({
  name,
  in: 'path',
  required: true,
  ...(description && { description }),
  schema: { type: 'string', minLength: 1, maxLength: PATH_PARAM_MAX_LENGTH },
});

export const errors = {
  400: problemResponse(
    'Invalid input. REQUEST.INVALID_STRING: a string (path, query, header, body at any depth, keys included) holds NUL, a lone surrogate, is too long or nested too deep; details.location says where',
  ),
  401: problemResponse('AUTH.MISSING_API_KEY, AUTH.INVALID_API_KEY (AUTH.INVALID_ADMIN_TOKEN on admin operations): missing or invalid credentials'),
  413: problemResponse('REQUEST.TOO_LARGE: body too large'),
  415: problemResponse(
    'REQUEST.UNSUPPORTED_MEDIA_TYPE: the Content-Type is not one the operation reads; REQUEST.UNSUPPORTED_ENCODING, REQUEST.UNSUPPORTED_CHARSET: compressed or non-UTF-8 bodies',
  ),
};
export const notFound = (what = 'Not found (or another tenant’s: it answers exactly like a missing one)') => problemResponse(what);

/** 429 on every authenticated operation: RATE.LIMITED (token bucket per key), RATE.TOO_MANY_STREAMS (SSE). */
export const tooManyRequests = {
  description: "RATE.LIMITED: over the API key's request rate; RATE.TOO_MANY_STREAMS: too many open event streams for the key",
  headers: { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer', minimum: 1, maximum: 86400 } } },
  content: {
    'application/problem+json': {
      schema: problemRef,
      example: {
        type: 'https://corex.dev/problems/rate-limited',
        title: 'Too Many Requests',
        status: 429,
        detail: 'too many requests for this API key; retry in 1 s',
        code: 'RATE.LIMITED',
        details: { retryAfterSeconds: 1 },
        instance: '/v1/jobs',
      },
    },
  },
};

/** The token bucket of the caller's key, on every answer to an authenticated request (http/auth.guards.ts). */
export const rateLimitHeaders = {
  'RateLimit-Limit': { description: 'Requests the key may make at once after being idle (RATE_LIMIT_BURST)', schema: { type: 'integer', minimum: 1, maximum: 1_000_000 } },
  'RateLimit-Remaining': { description: 'Requests left in the bucket now', schema: { type: 'integer', minimum: 0, maximum: 1_000_000 } },
  'RateLimit-Reset': { description: 'Seconds until the bucket is full again', schema: { type: 'integer', minimum: 0, maximum: 86_400 } },
};

export const internalError = problemResponse('INTERNAL: an unexpected failure; the answer names no internals and the request changed nothing it should not have');

/**
 * Completes every operation that is not public (`security: []`): 400 for unstorable strings, 401,
 * 429, 500, and the RateLimit-* headers on each 2xx and 4xx answer (absent on a 401: no key to count).
 */
export function withEdgeResponses(paths: PathItems): PathItems {
  for (const operations of Object.values(paths)) {
    for (const op of Object.values(operations)) {
      if (!op) continue;
      op.responses['500'] ??= internalError;
      if (op.security?.length === 0) continue;
      op.responses['400'] ??= errors[400];
      op.responses['401'] ??= errors[401];
      op.responses['429'] = tooManyRequests;
      for (const [status, response] of Object.entries(op.responses)) {
        if (!/^[24]/.test(status)) continue;
        const own = response as { headers?: Record<string, unknown> };
        op.responses[status] = { ...own, headers: { ...own.headers, ...rateLimitHeaders } };
      }
    }
  }
  return paths;
}

/** The paths of every area in one object; two areas describing the same operation is a bug. */
export function mergePaths(...areas: PathItems[]): PathItems {
  const merged: PathItems = {};
  for (const area of areas) {
    for (const [path, operations] of Object.entries(area)) {
      for (const [method, op] of Object.entries(operations)) {
        const item = (merged[path] ??= {});
        if (item[method as keyof typeof item]) throw new Error(`OpenAPI: ${method.toUpperCase()} ${path} is described twice`);
        item[method as keyof typeof item] = op;
      }
    }
  }
  return merged;
}
