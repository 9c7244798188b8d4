import { z } from 'zod';

/** RFC 9457 problem details with a stable machine-readable `code`, as every error answer carries them (components.schemas.Problem). */
export const problemSchema = z
  .looseObject({
    type: z.string().max(256).describe('https://corex.dev/problems/<code in kebab case>'),
    title: z.string().max(64),
    status: z.number().int().min(400).max(599),
    detail: z.string().max(4096).describe('For people; may change'),
    code: z.string().max(64).describe('Stable machine-readable error code, e.g. JOB.DATASET_UNKNOWN: act on this'),
    instance: z.string().max(16_384).optional().describe('The request path and query (Node bounds a request head to 16 KiB)'),
    details: z
      .record(z.string().max(64), z.unknown())
      .optional()
      .describe('Code-specific facts for programs, e.g. location and fault of an invalid string, errors of refused params, retryAfterSeconds'),
  });
