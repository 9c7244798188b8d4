import { z } from 'zod';
import { isoTimeSchema, nodeIdSchema } from '@corex/events';
import { nodeErrorCodes } from './error-codes';
import { issueSummary, refusalFor, type NodeMessageRefusal } from './refusal';
import { nonceSchema, type SignedNodeMessage } from './schemas';
import { newNonce, signNodeMessage } from './signing';
import { verifyNodeMessage } from './verify';

/** Kind of the message that chooses the chain a node's rewards go to (docs/node-protocol.md, "Payout route"). */
export const SET_PAYOUT_ROUTE_KIND = 'set-payout-route';

/** The chains a reward can be routed to; `ethereum` is home (no bridging). */
export const payoutRouteChains = ['ethereum', 'bsc', 'arbitrum', 'solana'] as const;
export type PayoutRouteChain = (typeof payoutRouteChains)[number];

const EVM_ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const SOLANA_ADDRESS = /^[1-9A-HJ-NP-Za-km-z]{32,44}$/;

/** Whether `recipient` has the shape of an address on `chain` (the staking service also checks it decodes to 32 bytes on Solana). */
export function isPayoutRecipientShape(chain: PayoutRouteChain, recipient: string): boolean {
  return chain === 'solana' ? SOLANA_ADDRESS.test(recipient) : EVM_ADDRESS.test(recipient);
}

/**
 * The node's ed25519 key says on which chain, and to whom there, its rewards go: an EVM address on
 * ethereum, bsc or arbitrum, a Solana owner (base58) on solana. The staking service records it
 * (PayoutRouteChosen) and, for a remote chain, binds the node's home payout to the bridge, which forwards.
 */
export const setPayoutRouteBodySchema = z
  .object({
    nodeId: nodeIdSchema,
    chain: z.enum(payoutRouteChains),
    recipient: z.string().min(1).max(64),
    issuedAt: isoTimeSchema,
    nonce: nonceSchema,
  })
  .refine((b) => isPayoutRecipientShape(b.chain, b.recipient), { message: 'recipient is not an address on that chain', path: ['recipient'] });
export type SetPayoutRouteBody = z.infer<typeof setPayoutRouteBodySchema>;

/** The staking service's answer: the route recorded (and the home binding's transaction, if one was needed), or a refusal. */
export type SetPayoutRouteReply =
  | { ok: true; nodeId: string; chain: PayoutRouteChain; recipient: string; homePayout: string; txHash?: string }
  | { ok: false; code: string; message: string };

/** Builds the signed `set-payout-route` message the node sends to `nodeSubjects(prefix).setPayoutRoute` (request/reply). */
export function buildSetPayoutRouteMessage(
  route: { nodeId: string; chain: PayoutRouteChain; recipient: string },
  seed: string | Uint8Array,
  now: Date = new Date(),
): SignedNodeMessage<SetPayoutRouteBody> {
  const body: SetPayoutRouteBody = { ...route, issuedAt: now.toISOString(), nonce: newNonce() };
  return signNodeMessage(SET_PAYOUT_ROUTE_KIND, setPayoutRouteBodySchema.parse(body), seed);
}

export type VerifiedSetPayoutRoute = { ok: true; nodeId: string; body: SetPayoutRouteBody; hash: string; signature: string } | NodeMessageRefusal;

/** Signature, freshness and body of a `set-payout-route` message; never throws. `hash` is the sha256 of the signed bytes. */
export function verifySetPayoutRoute(message: unknown, options: { now: Date }): VerifiedSetPayoutRoute {
  const verified = verifyNodeMessage(message, { now: options.now, expectedKind: SET_PAYOUT_ROUTE_KIND });
  if (!verified.ok) return verified;
  const body = setPayoutRouteBodySchema.safeParse(verified.body);
  if (!body.success) return refusalFor(message)(nodeErrorCodes.MALFORMED, `invalid set-payout-route body: ${issueSummary(body.error)}`);
  return { ok: true, nodeId: verified.nodeId, body: body.data, hash: verified.hash, signature: verified.signature };
}
