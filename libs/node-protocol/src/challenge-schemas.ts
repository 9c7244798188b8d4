import { z } from 'zod';
import { challengeOutcomes, hex32Schema, idSchema } from '@corex/events';
import { refusalReply, signedBase } from './work-schemas';

/** Kinds of the benchmark challenge messages a node sends to the verifier (docs/node-protocol.md, "Benchmark challenges"). */
export const challengeMessageKinds = { start: 'challenge-start', result: 'challenge-result' } as const;

/** The node starts the challenge the work reply named: the verifier answers with its seed and size and starts the clock. */
export const challengeStartBodySchema = z.object({ ...signedBase, challengeId: idSchema });
export type ChallengeStartBody = z.infer<typeof challengeStartBodySchema>;

export const challengeStartReplySchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    challengeId: idSchema,
    /** 32 bytes, hex: seeds the PRNG that draws A and B. */
    seed: hex32Schema,
    /** A and B are size×size float32. */
    size: z.number().int().min(16).max(4096),
    /** The answer must arrive within this many ms of the first start request. */
    deadlineMs: z.number().int().positive(),
  }),
  refusalReply,
]);
export type ChallengeStartReply = z.infer<typeof challengeStartReplySchema>;

/** The node's answer: the column sums of relu(A·B), base64 of little-endian float32[size]. */
export const challengeResultBodySchema = z.object({
  ...signedBase,
  challengeId: idSchema,
  columnSums: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/).max(32_768),
});
export type ChallengeResultBody = z.infer<typeof challengeResultBodySchema>;

export const challengeResultReplySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), outcome: z.enum(challengeOutcomes) }),
  refusalReply,
]);
export type ChallengeResultReply = z.infer<typeof challengeResultReplySchema>;
