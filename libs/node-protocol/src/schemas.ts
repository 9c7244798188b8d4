import { z } from 'zod';
import { benchmarkSchema, hardwareSchema, isoTimeSchema, nodeIdSchema } from '@corex/events';

/** Message kinds a node signs; the kind is part of the signed bytes. */
export const nodeMessageKinds = { register: 'register' } as const;
export type NodeMessageKind = (typeof nodeMessageKinds)[keyof typeof nodeMessageKinds];

/** A random, single-use token in every signed body (base64url, 16–64 chars). */
export const nonceSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/);

/** An ed25519 signature (64 bytes) as unpadded base64url. */
export const signatureSchema = z.string().regex(/^[A-Za-z0-9_-]{86}$/);

/** The envelope every node message travels in: `{ kind, body, signature }`. */
export const signedNodeMessageSchema = z.object({
  kind: z.string().regex(/^[a-z0-9.-]{1,64}$/),
  body: z.record(z.string(), z.unknown()),
  signature: signatureSchema,
});
export type SignedNodeMessage<TBody = Record<string, unknown>> = { kind: string; body: TBody; signature: string };

/** Fields every signed body carries, whatever its kind; other fields are left to the kind's schema. */
export const nodeMessageBodyBaseSchema = z.looseObject({
  nodeId: nodeIdSchema,
  issuedAt: isoTimeSchema,
  nonce: nonceSchema,
});
export type NodeMessageBodyBase = z.infer<typeof nodeMessageBodyBaseSchema>;

/** Body of a `register` message: who the node is, what it has and how fast it ran the benchmark. */
export const registerRequestBodySchema = z.object({
  nodeId: nodeIdSchema,
  name: z.string().min(1).max(100),
  hardware: hardwareSchema,
  benchmark: benchmarkSchema,
  runnerVersion: z.string().min(1).max(40),
  issuedAt: isoTimeSchema,
  nonce: nonceSchema,
});
export type RegisterRequestBody = z.infer<typeof registerRequestBodySchema>;

export const registrationStatuses = ['registered', 're-benchmarked'] as const;
export type RegistrationStatus = (typeof registrationStatuses)[number];

/** The reply to a `register` request. */
export const registerReplySchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    nodeId: nodeIdSchema,
    status: z.enum(registrationStatuses),
    /** On a secured network: the node's own NATS user JWT (subject = nodeId), to connect with alongside its seed. */
    natsJwt: z.string().min(1).max(8192).optional(),
  }),
  z.object({ ok: z.literal(false), code: z.string().min(1).max(64), message: z.string().max(500) }),
]);
export type RegisterReply = z.infer<typeof registerReplySchema>;
