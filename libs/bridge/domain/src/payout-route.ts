import { PayoutRouteChosen, type NewEvent, type PayoutRouteChosenData } from '@corex/events';
import { deterministicId, ValidationError } from '@corex/platform';
import { bridgeChain, chainRef, isRecipientFor } from './chains';
import { bridgeErrorCodes } from './errors';
import type { PayoutRoute } from './reward-routing';

export type PayoutRouteChosenEvent = NewEvent<typeof PayoutRouteChosen.type, PayoutRouteChosenData>;

/** A node's current payout route (aggregate `payout-route.<nodeId>`); undefined: home. */
export interface PayoutRouteState {
  route?: PayoutRoute;
  /** Hashes of the signed messages already recorded. */
  messageHashes: readonly string[];
}

/** A payout route the node signed; the adapter has verified the signature and its freshness. */
export interface ChoosePayoutRoute {
  kind: 'ChoosePayoutRoute';
  nodeId: string;
  /** Chain name or Wormhole chain id. */
  targetChain: string | number;
  /** An EVM address on an EVM chain, a Solana owner (base58) on Solana. */
  recipient: string;
  /** sha256 of the signed bytes, and the node's signature over them. */
  messageHash: string;
  signature: string;
  now: Date;
}

export const initialPayoutRouteState = (): PayoutRouteState => ({ messageHashes: [] });

/**
 * Records where a node's rewards go. A chain the bridge does not serve, or a recipient that cannot
 * hold tokens there, is refused; a message already recorded, or the route already in force, decides nothing.
 */
export function decidePayoutRoute(command: ChoosePayoutRoute, state: PayoutRouteState): PayoutRouteChosenEvent[] {
  const { nodeId, recipient, messageHash, signature, now } = command;
  const chain = bridgeChain(command.targetChain);
  if (!chain) throw new ValidationError(bridgeErrorCodes.UNKNOWN_CHAIN, `the bridge does not serve chain ${command.targetChain}`);
  if (!isRecipientFor(chain, recipient)) {
    throw new ValidationError(bridgeErrorCodes.BAD_RECIPIENT, `${recipient} cannot receive tokens on ${chain.name}: ${chain.kind === 'evm' ? 'an EVM address (0x + 40 hex)' : 'a Solana owner (base58, 32 bytes)'} is needed`);
  }
  if (state.messageHashes.includes(messageHash)) return [];
  if (state.route?.targetChain === chain.name && state.route.recipient === recipient) return [];
  return [
    {
      id: deterministicId(PayoutRouteChosen.type, messageHash),
      type: PayoutRouteChosen.type,
      data: { nodeId, targetChain: chainRef(chain), recipient, messageHash, signature, chosenAt: now.toISOString() },
    },
  ];
}

export function evolvePayoutRoute(state: PayoutRouteState, event: PayoutRouteChosenEvent): PayoutRouteState {
  if (event.type !== PayoutRouteChosen.type) return state;
  const { targetChain, recipient, messageHash } = event.data;
  return { route: { targetChain: targetChain.name, recipient }, messageHashes: [...state.messageHashes, messageHash] };
}
