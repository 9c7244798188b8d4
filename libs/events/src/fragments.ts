import { z } from 'zod';
import { defineEvent, type DataOf } from './catalog';
import { idSchema, isoTimeSchema } from './common';
import { nodeIdSchema } from './nodes';

export const sha256Schema = z.string().length(64).regex(/^[0-9a-f]{64}$/);
/**
 * `statistics`: per-shard partial sums of a dataset (preprocessing's distributed statistics);
 * `federated-*`: the phases of a secure-aggregation round, run by the node that holds the private
 * data (docs/federated.md): their `inputHash` is the round descriptor, not data.
 */
export const fragmentKinds = ['inference', 'feature-extraction', 'preprocessing', 'gradient', 'statistics', 'federated-setup', 'federated-update', 'federated-unmask'] as const;
export type FragmentKind = (typeof fragmentKinds)[number];

/**
 * What a node executes, all by content hash in the blob store: an ONNX graph, optional MLP
 * weights, an input tensor map (`x` features, `y` labels for gradients) and optional extra
 * feeds (`aux`, e.g. standardization statistics). The node returns the named outputs.
 * `inputRows`: the fragment reads rows [start, end) of the input map (the first dimension of
 * each of its tensors), which then holds the rows of several fragments; absent: all of it.
 */
export const fragmentTaskSchema = z.object({
  kind: z.enum(fragmentKinds),
  graphHash: sha256Schema,
  weightsHash: sha256Schema.nullable(),
  inputHash: sha256Schema,
  inputRows: z
    .tuple([z.number().int().nonnegative(), z.number().int().positive()])
    .refine(([start, end]) => start < end, 'inputRows must be [start, end) with start < end')
    .optional(),
  auxHash: sha256Schema.nullable(),
  outputs: z.array(z.string().min(1).max(64)).min(1).max(16),
  rows: z.number().int().positive(),
});
export type FragmentTask = z.infer<typeof fragmentTaskSchema>;

export const fragmentSizeSchema = z.object({
  rows: z.number().int().nonnegative(),
  flops: z.number().nonnegative(),
  memoryBytes: z.number().int().nonnegative(),
});

export const plannedFragmentSchema = z.object({
  fragmentId: idSchema,
  index: z.number().int().nonnegative(),
  rowRange: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]),
  size: fragmentSizeSchema,
  task: fragmentTaskSchema,
  /** Only this node may run it (federated phases: the node holding the private data). */
  pinnedNode: z.string().regex(/^[A-Z2-7]{56}$/).optional(),
});
export type PlannedFragment = z.infer<typeof plannedFragmentSchema>;

/** Why a node got a fragment: the published scheduling score, factor by factor. */
export const scoreBreakdownSchema = z.record(z.string().max(32), z.number());

export const FragmentAssigned = defineEvent(
  'corex.fragment.assigned',
  1,
  z.object({
    fragmentId: idSchema,
    jobId: idSchema,
    nodeId: nodeIdSchema,
    leaseId: idSchema,
    attempt: z.number().int().positive(),
    score: scoreBreakdownSchema,
    assignedAt: isoTimeSchema,
    leaseExpiresAt: isoTimeSchema,
  }),
);
export type FragmentAssignedData = DataOf<typeof FragmentAssigned>;

export const FragmentCompleted = defineEvent(
  'corex.fragment.completed',
  1,
  z.object({
    fragmentId: idSchema,
    jobId: idSchema,
    nodeId: nodeIdSchema,
    leaseId: idSchema,
    resultHash: sha256Schema,
    durationMs: z.number().nonnegative(),
    rowsProcessed: z.number().int().nonnegative(),
    metrics: z.record(z.string().max(32), z.number()),
    /** The node's signature over the result message, kept as evidence. */
    signature: z.string().min(1),
    /** The commitment this result opened and its salt (commit-reveal; absent in events written before it). */
    commitment: sha256Schema.optional(),
    salt: z.string().regex(/^[0-9a-f]{64}$/).optional(),
    completedAt: isoTimeSchema,
  }),
);
export type FragmentCompletedData = DataOf<typeof FragmentCompleted>;

export const leaseEndReasons = ['expired', 'node-lost', 'released', 'cancelled', 'failed'] as const;

/** A stable error code: dotted upper-case words (`RUNNER.EXECUTION_FAILED`, `NODE.RESULT_INVALID`). */
export const errorCodeSchema = z.string().max(64).regex(/^[A-Z][A-Z0-9_]*(\.[A-Z0-9_]+)+$/);

/**
 * Why an attempt failed, as far as known: the node's own error (a release with reason `error`) or
 * the network's (its result refused). Shown to the job's owner: bounded, and sanitized before it
 * is recorded (see the scheduler's `attemptError`).
 */
export const attemptErrorSchema = z.object({ code: errorCodeSchema, message: z.string().max(500) });
export type AttemptError = z.infer<typeof attemptErrorSchema>;

/** A lease ended without a result; unless cancelled, the fragment goes back to the queue. */
export const FragmentLeaseEnded = defineEvent(
  'corex.fragment.lease-ended',
  1,
  z.object({
    fragmentId: idSchema,
    jobId: idSchema,
    nodeId: nodeIdSchema,
    leaseId: idSchema,
    reason: z.enum(leaseEndReasons),
    /** Optional, so older events still parse: only failures with a known cause carry it. */
    error: attemptErrorSchema.optional(),
    endedAt: isoTimeSchema,
  }),
);
export type FragmentLeaseEndedData = DataOf<typeof FragmentLeaseEnded>;

export const fragmentEvents = [FragmentAssigned, FragmentCompleted, FragmentLeaseEnded] as const;
