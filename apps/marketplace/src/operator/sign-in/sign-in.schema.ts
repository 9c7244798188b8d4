import { z } from 'zod';
import { nodeIdSchema } from '@corex/events';

const time = z.iso.datetime().max(32);
/** `cxc_` + 32 random bytes, base64url. */
export const challengeSchema = z.string().regex(/^cxc_[A-Za-z0-9_-]{43}$/).max(47);

export const createChallengeRequestSchema = z.strictObject({ nodeId: nodeIdSchema.describe("The node's id (its public key, as node-runner join printed it)") });

export const operatorChallengeSchema = z
  .object({
    challenge: challengeSchema.describe("Sign it with the node's key: ed25519 over the node protocol's signed bytes of kind operator-login, body {challenge, nodeId} (docs/operator-api.md)"),
    expiresAt: time,
  })
  .meta({ id: 'OperatorChallenge' });
export type OperatorChallengeView = z.output<typeof operatorChallengeSchema>;

export const createSessionRequestSchema = z.strictObject({
  nodeId: nodeIdSchema,
  challenge: challengeSchema,
  signature: z.string().regex(/^[A-Za-z0-9_-]{86}$/).max(86).describe('The 64-byte ed25519 signature, base64url without padding'),
});

export const operatorSessionSchema = z
  .object({
    token: z.string().max(64).describe('Bearer token of the /v1/operator/node routes; shown once, stored hashed'),
    nodeId: nodeIdSchema,
    expiresAt: time,
  })
  .meta({ id: 'OperatorSession' });
export type OperatorSessionView = z.output<typeof operatorSessionSchema>;
