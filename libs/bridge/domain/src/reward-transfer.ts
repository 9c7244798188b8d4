import {
  RewardTransferDelivered,
  RewardTransferHeld,
  RewardTransferPublished,
  RewardTransferQueued,
  type NewEvent,
  type RewardTransferDeliveredData,
  type RewardTransferHeldData,
  type RewardTransferPublishedData,
  type RewardTransferQueuedData,
} from '@corex/events';
import { deterministicId, NotFoundError } from '@corex/platform';
import { bridgeErrorCodes } from './errors';
import type { TransferIntent } from './reward-routing';

export type RewardTransferEvent =
  | NewEvent<typeof RewardTransferQueued.type, RewardTransferQueuedData>
  | NewEvent<typeof RewardTransferHeld.type, RewardTransferHeldData>
  | NewEvent<typeof RewardTransferPublished.type, RewardTransferPublishedData>
  | NewEvent<typeof RewardTransferDelivered.type, RewardTransferDeliveredData>;

type Transfer = Omit<RewardTransferQueuedData, 'queuedAt'>;

/** One reward transfer (aggregate `reward-transfer.<transferId>`) and how far it got. */
export type RewardTransferState =
  | { kind: 'none' }
  | { kind: 'queued' | 'held' | 'published' | 'delivered'; transfer: Transfer; held?: { reason: RewardTransferHeldData['reason']; releaseAt: string }; published?: { txHash: string; sequence: string } };

export type RewardTransferCommand =
  | { kind: 'QueueRewardTransfer'; intent: TransferIntent; now: Date }
  | { kind: 'RecordTransferHeld'; reason: RewardTransferHeldData['reason']; releaseAt: Date; now: Date }
  | { kind: 'RecordTransferPublished'; txHash: string; sequence: string; messageTransferId?: string; now: Date }
  | { kind: 'RecordTransferDelivered'; txHash?: string; signature?: string; now: Date };

export const initialRewardTransferState = (): RewardTransferState => ({ kind: 'none' });

/**
 * A transfer is queued once per id; the rate limit may hold it (again, with a later release time);
 * publication on the home chain and delivery on the target are each recorded once, and nothing is
 * recorded after delivery.
 */
export function decideRewardTransfer(command: RewardTransferCommand, state: RewardTransferState): RewardTransferEvent[] {
  if (command.kind === 'QueueRewardTransfer') {
    if (state.kind !== 'none') return [];
    const { intent, now } = command;
    const data = { ...intent, amount: intent.amount.toString(), queuedAt: now.toISOString() };
    return [{ id: deterministicId(RewardTransferQueued.type, intent.transferId), type: RewardTransferQueued.type, data }];
  }
  if (state.kind === 'none') throw new NotFoundError(bridgeErrorCodes.UNKNOWN_TRANSFER, 'no such reward transfer');
  if (state.kind === 'delivered') return [];
  const { transfer } = state;
  const at = command.now.toISOString();
  switch (command.kind) {
    case 'RecordTransferHeld': {
      const releaseAt = command.releaseAt.toISOString();
      if (state.held?.releaseAt === releaseAt) return [];
      const data = { ...transfer, reason: command.reason, releaseAt, heldAt: at };
      return [{ id: deterministicId(RewardTransferHeld.type, transfer.transferId, releaseAt), type: RewardTransferHeld.type, data }];
    }
    case 'RecordTransferPublished': {
      if (state.published) return [];
      const { txHash, sequence, messageTransferId } = command;
      const data = { ...transfer, txHash: txHash.toLowerCase(), sequence, ...(messageTransferId ? { messageTransferId: messageTransferId.toLowerCase() } : {}), publishedAt: at };
      return [{ id: deterministicId(RewardTransferPublished.type, transfer.transferId), type: RewardTransferPublished.type, data }];
    }
    case 'RecordTransferDelivered': {
      const proof = command.txHash ? { txHash: command.txHash.toLowerCase() } : command.signature ? { signature: command.signature } : {};
      const data = { ...transfer, ...proof, deliveredAt: at };
      return [{ id: deterministicId(RewardTransferDelivered.type, transfer.transferId), type: RewardTransferDelivered.type, data }];
    }
  }
}

function transferOf(data: RewardTransferQueuedData): Transfer {
  const { transferId, nodeId, targetChain, recipient, amount, epoch } = data;
  return { transferId, nodeId, targetChain, recipient, amount, epoch };
}

export function evolveRewardTransfer(state: RewardTransferState, event: RewardTransferEvent): RewardTransferState {
  switch (event.type) {
    case RewardTransferQueued.type:
      return { kind: 'queued', transfer: transferOf(event.data) };
    case RewardTransferHeld.type:
      return state.kind === 'none' || state.kind === 'delivered' ? state : { ...state, kind: 'held', held: { reason: event.data.reason, releaseAt: event.data.releaseAt } };
    case RewardTransferPublished.type:
      return state.kind === 'none' || state.kind === 'delivered' ? state : { ...state, kind: state.kind === 'held' ? 'held' : 'published', published: { txHash: event.data.txHash, sequence: event.data.sequence } };
    case RewardTransferDelivered.type:
      return state.kind === 'none' ? state : { ...state, kind: 'delivered' };
    default:
      return state;
  }
}

/** The next step of an undelivered transfer: send it (hub.bridgeReward, or the Solana mint), deliver its VAA on the target, or release it once due. */
export type TransferStep = { step: 'send' } | { step: 'deliver'; sequence: string } | { step: 'release'; releaseAt: string };

/** What a restarted bridge does for this transfer; undefined once delivered. */
export function nextTransferStep(state: RewardTransferState): TransferStep | undefined {
  if (state.kind === 'none' || state.kind === 'delivered') return undefined;
  if (state.held) return { step: 'release', releaseAt: state.held.releaseAt };
  if (state.published) return { step: 'deliver', sequence: state.published.sequence };
  return { step: 'send' };
}
