import { z } from 'zod';
import { attemptErrorSchema, idSchema, isoTimeSchema, leaseEndReasons, nodeIdSchema, scoreBreakdownSchema } from '@corex/events';

/** GET /v1/nodes/{nodeId}/assignments/{fragmentId}: one lease, why the node got it and how it went. */
export const assignmentViewSchema = z
  .object({
    nodeId: nodeIdSchema,
    fragmentId: idSchema,
    jobId: idSchema,
    leaseId: idSchema,
    attempt: z.number().int().positive(),
    score: scoreBreakdownSchema.describe("The scheduler's score breakdown: total and each factor"),
    assignedAt: isoTimeSchema,
    leaseExpiresAt: isoTimeSchema,
    outcome: z.enum(['active', 'completed', ...leaseEndReasons]).describe('active, completed, or how the lease ended without a result'),
    endedAt: isoTimeSchema.nullable(),
    error: attemptErrorSchema
      .nullable()
      .describe("Why a failed lease failed, when known: the node's error code and message, or why its result was refused (NODE.RESULT_INVALID, NODE.RESULT_BLOB_INVALID)"),
    explanation: z.string().max(2000).describe('One line: the score as the product of its factors, and how the lease ended (with its error)'),
  })
  .meta({ id: 'Assignment' });
export type AssignmentView = z.output<typeof assignmentViewSchema>;
