import { z } from 'zod';
import { nodeIdSchema, x25519KeySchema } from '@corex/events';
import { SecaggMalformed } from '../errors';
import { SECAGG_MAX_MEMBERS, SECAGG_PROTOCOL } from '../params';
import { base64urlOf } from './base64url';

/** Bytes of one Shamir share: x (1 byte) then the 32 share bytes. */
export const SHARE_BYTES = 33;
/** Bytes of one sealed share: 12-byte IV, ciphertext, 16-byte GCM tag. */
export const SEALED_SHARE_BYTES = 12 + SHARE_BYTES + 16;

export const protocolSchema = z.literal(SECAGG_PROTOCOL);
export const roundSchema = z.number().int().min(1).max(1_000_000);
export const shareSchema = base64urlOf(SHARE_BYTES);
export const sealedShareSchema = base64urlOf(SEALED_SHARE_BYTES);
export const sharesByNodeSchema = (value: z.ZodType<string>) => z.record(nodeIdSchema, value);

/** A member of a job: its long-term encryption key and, after setup, its per-job masking key. */
export const memberSchema = z.strictObject({
  nodeId: nodeIdSchema,
  encryptionKey: x25519KeySchema,
  maskingKey: x25519KeySchema.optional(),
});

/** Members sorted by nodeId, no duplicates: index i = position, Shamir x = i + 1. */
export const membersSchema = z
  .array(memberSchema)
  .min(2)
  .max(SECAGG_MAX_MEMBERS)
  .refine((ms) => ms.every((m, i) => i === 0 || ms[i - 1].nodeId < m.nodeId), {
    message: 'members must be sorted by nodeId without duplicates',
  });

/** Parses with a zod schema; failures become SecaggMalformed naming the document. */
export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new SecaggMalformed(`malformed ${what}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
