import { z } from 'zod';
import { bridgeChainSchema, bytes32Schema, crossChainTaskIdSchema, solanaSignatureSchema, taskStatuses, taskVerifications, wormholeSequenceSchema } from '@corex/events';

/** One status sent back to the task's origin chain, and how far it got. */
const taskStatusSchema = z.object({
  status: z.enum(taskStatuses),
  verification: z.enum(taskVerifications),
  resultHash: bytes32Schema,
  weightsHash: bytes32Schema,
  published: z
    .object({ txHash: bytes32Schema, sequence: wormholeSequenceSchema })
    .nullable()
    .describe("The home chain's publishStatus (EVM origins): its transaction and Wormhole sequence"),
  delivered: z
    .object({ txHash: bytes32Schema.optional(), signature: solanaSignatureSchema.optional() })
    .nullable()
    .describe('Delivery on the origin chain: a transaction hash (EVM) or a signature (Solana)'),
});

/** GET /v1/tasks/{taskId}: the bridge's view of a cross-chain task (task.view.ts builds it). */
export const taskViewSchema = z.object({
  taskId: crossChainTaskIdSchema,
  originChain: bridgeChainSchema,
  state: z.enum(['submitted', 'rejected']),
  jobId: z.string().optional().describe('The marketplace job the task became (a submitted task)'),
  status: z.enum(taskStatuses).nullable().describe('The latest status sent back; null before the first'),
  verification: z.enum(taskVerifications),
  resultHash: bytes32Schema.nullable().describe('The completed status’s result hash: the sha256 of GET /v1/tasks/{taskId}/result'),
  statuses: z.array(taskStatusSchema).max(taskStatuses.length),
});
export type TaskView = z.output<typeof taskViewSchema>;

/** PUT /v1/specs/{hash}: the stored spec. */
export const storedSpecSchema = z.object({ hash: bytes32Schema, bytes: z.number().int().min(1) });
