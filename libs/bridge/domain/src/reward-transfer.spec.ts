import { createCorexCatalog, RewardTransferHeld, RewardTransferQueued } from '@corex/events';
import { deciderSpec, deterministicId } from '@corex/platform';
import { rewardTransferId, type TransferIntent } from './reward-routing';
import { decideRewardTransfer, evolveRewardTransfer, initialRewardTransferState, nextTransferStep, type RewardTransferCommand, type RewardTransferEvent } from './reward-transfer';

const transfers = deciderSpec({ decide: decideRewardTransfer, evolve: evolveRewardTransfer, initialState: initialRewardTransferState });
const now = new Date('2026-11-30T12:00:00.000Z');
const later = new Date('2026-11-30T18:00:00.000Z');
const nodeId = 'U'.repeat(56);
const intent: TransferIntent = { transferId: rewardTransferId(3, nodeId, 1), nodeId, targetChain: { name: 'solana', wormholeChainId: 1 }, recipient: '9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM', amount: 5n * 10n ** 18n, epoch: 3 };
const transfer = { ...intent, amount: intent.amount.toString() };

const queue: RewardTransferCommand = { kind: 'QueueRewardTransfer', intent, now };
const hold = (releaseAt: Date): RewardTransferCommand => ({ kind: 'RecordTransferHeld', reason: 'daily-cap', releaseAt, now });
const deliver: RewardTransferCommand = { kind: 'RecordTransferDelivered', signature: '5'.repeat(88), now };
const publish: RewardTransferCommand = { kind: 'RecordTransferPublished', txHash: `0x${'e'.repeat(64)}`, sequence: '12', now };

function after(commands: RewardTransferCommand[]): RewardTransferEvent[] {
  const events: RewardTransferEvent[] = [];
  for (const c of commands) events.push(...decideRewardTransfer(c, events.reduce(evolveRewardTransfer, initialRewardTransferState())));
  return events;
}
const stepAfter = (commands: RewardTransferCommand[]) => nextTransferStep(after(commands).reduce(evolveRewardTransfer, initialRewardTransferState()));

describe('reward transfer', () => {
  it('given nothing, when an intent is queued, then it is queued once under its transfer id', () => {
    const queued = { id: deterministicId(RewardTransferQueued.type, intent.transferId), type: RewardTransferQueued.type, data: { ...transfer, queuedAt: now.toISOString() } } as RewardTransferEvent;
    transfers.given([]).when(queue).then([queued]);
    transfers.given([queued]).when(queue).then([]);
  });

  it('given a queued transfer, when the rate limit holds it, then held until the release time; held again only for a new time', () => {
    const held = { id: deterministicId(RewardTransferHeld.type, intent.transferId, later.toISOString()), type: RewardTransferHeld.type, data: { ...transfer, reason: 'daily-cap', releaseAt: later.toISOString(), heldAt: now.toISOString() } } as RewardTransferEvent;
    transfers.given(after([queue])).when(hold(later)).then([held]);
    transfers.given(after([queue, hold(later)])).when(hold(later)).then([]);
    expect(decideRewardTransfer(hold(new Date('2026-12-01T00:00:00.000Z')), after([queue, hold(later)]).reduce(evolveRewardTransfer, initialRewardTransferState()))).toHaveLength(1);
  });

  it('given a delivered transfer, when anything is recorded again, then nothing', () => {
    const done = after([queue, deliver]);
    for (const c of [deliver, publish, hold(later), queue]) transfers.given(done).when(c).then([]);
  });

  it('given no transfer, when its delivery is recorded, then BRIDGE.UNKNOWN_TRANSFER', () => {
    transfers.given([]).when(deliver).thenThrows('BRIDGE.UNKNOWN_TRANSFER');
  });

  it('tells a restarted bridge the one next step: send, deliver the published VAA, release once due, or nothing once delivered', () => {
    expect(stepAfter([queue])).toEqual({ step: 'send' });
    expect(stepAfter([queue, publish])).toEqual({ step: 'deliver', sequence: '12' });
    expect(stepAfter([queue, publish, hold(later)])).toEqual({ step: 'release', releaseAt: later.toISOString() });
    expect(stepAfter([queue, hold(later), deliver])).toBeUndefined();
  });

  it('records events valid in the catalog', () => {
    const catalog = createCorexCatalog();
    for (const e of after([queue, publish, hold(later), deliver])) catalog.validate(e.type, e.data);
  });
});
