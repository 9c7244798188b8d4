import { z } from 'zod';
import { fragmentTaskSchema, idSchema, isoTimeSchema, nodeIdSchema, sha256Schema } from '@corex/events';
import { nonceSchema } from './schemas';

/** Message kinds of the work protocol (register is in schemas.ts). */
export const workMessageKinds = {
  heartbeat: 'heartbeat',
  workRequest: 'work-request',
  result: 'result',
  release: 'release',
  leave: 'leave',
} as const;

/** Fields of every signed body, to spread into a kind's strict schema. */
export const signedBase = { nodeId: nodeIdSchema, issuedAt: isoTimeSchema, nonce: nonceSchema };

/** Sent every few seconds (core NATS, no reply): keeps the node live and renews its leases. */
export const heartbeatBodySchema = z.object({
  ...signedBase,
  leaseIds: z.array(idSchema).max(1024),
  freeMemoryBytes: z.number().int().nonnegative(),
  slots: z.number().int().nonnegative().max(1024),
});
export type HeartbeatBody = z.infer<typeof heartbeatBodySchema>;

/** A node asks for work, saying how much it can take now. */
export const workRequestBodySchema = z.object({
  ...signedBase,
  freeMemoryBytes: z.number().int().nonnegative(),
  slots: z.number().int().positive().max(64),
});
export type WorkRequestBody = z.infer<typeof workRequestBodySchema>;

/**
 * How to read the task's blobs (docs/node-protocol.md, "Sealed task blobs"): each is stored in the
 * task bucket sealed with the job's key, under a name the key derives. Only here, on the node's
 * private inbox, does the key travel: never in the event log.
 */
export const taskSealingSchema = z.object({
  /** The job's AES-256-GCM key, base64 (32 bytes). */
  key: z.string().regex(/^[A-Za-z0-9+/]{43}=$/),
  /** Sealed name in the task bucket of each blob the task names, by its plaintext sha256. */
  blobs: z.record(sha256Schema, sha256Schema),
});
export type TaskSealing = z.infer<typeof taskSealingSchema>;

export const assignmentSchema = z.object({
  fragmentId: idSchema,
  jobId: idSchema,
  /** Fencing token: the result must carry it; a newer lease on the fragment makes it stale. */
  leaseId: idSchema,
  leaseExpiresAt: isoTimeSchema,
  task: fragmentTaskSchema,
  sealing: taskSealingSchema,
});
export type Assignment = z.infer<typeof assignmentSchema>;

/** A refusal; `retryAfterMs` comes with NODE.RATE_LIMITED and NODE.REVEAL_TOO_EARLY: how long to wait before asking again. */
export const refusalReply = z.object({
  ok: z.literal(false),
  code: z.string().min(1).max(64),
  message: z.string().max(500),
  retryAfterMs: z.number().int().nonnegative().optional(),
});

export const workReplySchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    assignments: z.array(assignmentSchema),
    /** When nothing was assigned: how long to wait before asking again. */
    retryAfterMs: z.number().int().nonnegative(),
    /**
     * A benchmark challenge is open for the node (docs/node-protocol.md, "Benchmark challenges"):
     * nothing new is assigned until the node has answered it to the verifier.
     */
    challenge: z.object({ challengeId: idSchema }).optional(),
  }),
  refusalReply,
]);
export type WorkReply = z.infer<typeof workReplySchema>;

/**
 * A finished fragment (the reveal of commit-reveal): the output is already in the blob store under
 * `resultHash`, and `salt` opens the commitment the node sent for this lease.
 */
export const resultBodySchema = z.object({
  ...signedBase,
  fragmentId: idSchema,
  leaseId: idSchema,
  resultHash: sha256Schema,
  /** 32 random bytes, lower-case hex: `resultCommitment(resultHash, nodeId, leaseId, salt)` is the commitment sent before. */
  salt: z.string().regex(/^[0-9a-f]{64}$/),
  durationMs: z.number().nonnegative(),
  rowsProcessed: z.number().int().nonnegative(),
  metrics: z.record(z.string().max(32), z.number()).default({}),
});
export type ResultBody = z.infer<typeof resultBodySchema>;

export const resultReplySchema = z.discriminatedUnion('ok', [z.object({ ok: z.literal(true) }), refusalReply]);
export type ResultReply = z.infer<typeof resultReplySchema>;

/** A node gives a lease back (e.g. on shutdown) so the fragment is reassigned at once. */
export const releaseBodySchema = z.object({
  ...signedBase,
  fragmentId: idSchema,
  leaseId: idSchema,
  reason: z.enum(['shutdown', 'error']),
  error: z.string().max(500).optional(),
});
export type ReleaseBody = z.infer<typeof releaseBodySchema>;

export const releaseReplySchema = resultReplySchema;

/** A node leaves the network (e.g. at shutdown, after releasing its leases): its remaining leases end at once. */
export const leaveBodySchema = z.object({
  ...signedBase,
  reason: z.enum(['shutdown', 'maintenance']).default('shutdown'),
});
export type LeaveBody = z.infer<typeof leaveBodySchema>;

export const leaveReplySchema = resultReplySchema;
