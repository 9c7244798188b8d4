import { z } from 'zod';
import { MAX_SPEC_BYTES } from '@corex/bridge-domain';
import { storedSpecSchema, taskViewSchema } from '../tasks/http/task.view.schema';

const problemSchema = z.object({
  type: z.string().describe('https://corex.dev/problems/<code in kebab case>'),
  title: z.string(),
  status: z.number().int().min(400).max(599),
  detail: z.string().describe('For people; may change'),
  code: z.string().describe('Stable machine-readable error code, e.g. BRIDGE.UNKNOWN_TASK: act on this'),
  instance: z.string().optional().describe('The request path'),
});

const jsonSchema = (s: z.ZodType) => {
  const { $schema: _, ...rest } = z.toJSONSchema(s, { io: 'output' });
  return rest;
};
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (description: string, schema: object, headers?: object) => ({ description, ...(headers && { headers }), content: { 'application/json': { schema } } });
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });
const internal = problem('INTERNAL: an unexpected failure (nothing internal is shown)');

const taskIdParameter = {
  name: 'taskId',
  in: 'path',
  required: true,
  description: 'The task id on its origin chain: a bytes32 (EVM TaskPortal) or the Solana escrow address',
  schema: { type: 'string', maxLength: 66 },
};
const badTaskId = problem('BRIDGE.TASK_ID_INVALID: not a bytes32 (0x + 64 hex) nor a Solana address');
const unknownTask = problem('BRIDGE.UNKNOWN_TASK: the bridge has not taken in this task');

/**
 * The bridge's OpenAPI 3.1 document (GET /openapi.json), from the zod schemas its answers are typed
 * by; http/openapi-routes.spec.ts checks it names every route a controller serves.
 */
export function buildBridgeOpenApiDocument(version: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Corex bridge API',
      version,
      description:
        'Cross-chain tasks as the bridge knows them (public: a task is public on its chain), and the specs of Solana tasks. Errors: `application/problem+json` (RFC 9457) with a stable `code`.',
    },
    servers: [{ url: '/', description: 'The bridge serving this document' }],
    tags: [
      { name: 'tasks', description: 'Cross-chain tasks, their statuses and results' },
      { name: 'ops', description: 'This document' },
    ],
    components: { schemas: { Problem: jsonSchema(problemSchema), CrossChainTask: jsonSchema(taskViewSchema), StoredSpec: jsonSchema(storedSpecSchema) } },
    security: [],
    paths: {
      '/v1/tasks/{taskId}': {
        get: {
          operationId: 'getTask',
          tags: ['tasks'],
          summary: 'Where the task came from, its job, and each status sent back with how far it got',
          parameters: [taskIdParameter],
          responses: { 200: json('The task', ref('CrossChainTask')), 400: badTaskId, 404: unknownTask, 500: internal },
        },
      },
      '/v1/tasks/{taskId}/result': {
        get: {
          operationId: 'getTaskResult',
          tags: ['tasks'],
          summary: "The completed task's result document, exactly as stored: its sha256 is the result hash the completed status carried",
          parameters: [taskIdParameter],
          responses: {
            200: json(
              'The job’s result document',
              { type: 'object', additionalProperties: true },
              {
                'x-corex-result-sha256': { description: 'sha256 of the body, 0x-prefixed', schema: { type: 'string' } },
              },
            ),
            400: badTaskId,
            404: unknownTask,
            409: problem('BRIDGE.NO_RESULT: the task has not completed, or its result is not in the blob store'),
            500: internal,
          },
        },
      },
      '/v1/specs/{hash}': {
        put: {
          operationId: 'putSpec',
          tags: ['tasks'],
          summary: "Uploads a Solana task's spec before its transfer (the memo carries only the hash)",
          parameters: [
            { name: 'hash', in: 'path', required: true, description: 'keccak256 of the spec bytes', schema: { type: 'string', pattern: '^0x[0-9a-fA-F]{64}$', maxLength: 66 } },
          ],
          requestBody: {
            required: true,
            description: `The spec bytes (1..${MAX_SPEC_BYTES})`,
            content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary', maxLength: MAX_SPEC_BYTES } } },
          },
          responses: {
            200: json('Already stored', ref('StoredSpec')),
            201: json('Stored', ref('StoredSpec')),
            400: problem('REQUEST.BODY_REQUIRED, BRIDGE.SPEC_HASH_INVALID, BRIDGE.SPEC_HASH_MISMATCH (the body’s keccak256 is not the hash)'),
            413: problem(`BRIDGE.SPEC_TOO_LARGE (more than ${MAX_SPEC_BYTES} bytes), REQUEST.TOO_LARGE`),
            500: internal,
          },
        },
      },
      '/openapi.json': {
        get: {
          operationId: 'getOpenApiDocument',
          tags: ['ops'],
          summary: 'This document',
          responses: { 200: json('OpenAPI 3.1 document', { type: 'object', description: 'An OpenAPI 3.1 document' }) },
        },
      },
    },
  };
}
