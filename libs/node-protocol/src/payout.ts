import { z } from 'zod';
import { isoTimeSchema, nodeIdSchema } from '@corex/events';
import { nodeErrorCodes } from './error-codes';
import { issueSummary, refusalFor, type NodeMessageRefusal } from './refusal';
import { nonceSchema, type SignedNodeMessage } from './schemas';
import { newNonce, signNodeMessage } from './signing';
import { verifyNodeMessage } from './verify';

/** Kind of the message that binds a node's payout address (docs/node-protocol.md, "Payout binding"). */
export const BIND_PAYOUT_KIND = 'bind-payout';

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/);

/**
 * The node's ed25519 key says where its rewards go: on which chain (`chainId`) and in which
 * StakingPool, so the signature binds nothing anywhere else. The staking service checks it and
 * records it on-chain with `StakingPool.bindPayout`.
 */
export const bindPayoutBodySchema = z.object({
  nodeId: nodeIdSchema,
  payout: address,
  chainId: z.number().int().positive(),
  stakingPool: address,
  issuedAt: isoTimeSchema,
  nonce: nonceSchema,
});
export type BindPayoutBody = z.infer<typeof bindPayoutBodySchema>;

/** The staking service's answer: the binding's transaction (mined), or a refusal with a stable code. */
export type BindPayoutReply = { ok: true; nodeId: string; payout: string; txHash: string; proofHash: string } | { ok: false; code: string; message: string };

/** Builds the signed `bind-payout` message the node sends to `nodeSubjects(prefix).bindPayout` (request/reply). */
export function buildBindPayoutMessage(
  binding: { nodeId: string; payout: string; chainId: number; stakingPool: string },
  seed: string | Uint8Array,
  now: Date = new Date(),
): SignedNodeMessage<BindPayoutBody> {
  const body: BindPayoutBody = { ...binding, issuedAt: now.toISOString(), nonce: newNonce() };
  return signNodeMessage(BIND_PAYOUT_KIND, bindPayoutBodySchema.parse(body), seed);
}

export type VerifiedBindPayout = { ok: true; nodeId: string; body: BindPayoutBody; hash: string } | NodeMessageRefusal;

/** Signature, freshness and body of a `bind-payout` message; never throws. `hash` (sha256 of the signed bytes) is the on-chain proofHash. */
export function verifyBindPayout(message: unknown, options: { now: Date }): VerifiedBindPayout {
  const verified = verifyNodeMessage(message, { now: options.now, expectedKind: BIND_PAYOUT_KIND });
  if (!verified.ok) return verified;
  const body = bindPayoutBodySchema.safeParse(verified.body);
  if (!body.success) return refusalFor(message)(nodeErrorCodes.MALFORMED, `invalid bind-payout body: ${issueSummary(body.error)}`);
  return { ok: true, nodeId: verified.nodeId, body: body.data, hash: verified.hash };
}
