import { bridgeTaskEvents, CrossChainStatusQueued, CrossChainTaskSubmitted } from './bridge';
import { bridgeRewardEvents, RewardTransferHeld } from './bridge-rewards';
import { createCorexCatalog, InvalidEventDataError } from './index';
import { subjects } from './subjects';

const catalog = createCorexCatalog();
const taskId = `0x${'ab'.repeat(32)}`;
const submitted = {
  taskId,
  originChain: { name: 'bsc', wormholeChainId: 4 },
  source: { kind: 'vaa', vaaHash: `0x${'11'.repeat(32)}`, emitter: `0x${'22'.repeat(32)}`, sequence: '18446744073709551615' },
  submitter: `0x${'33'.repeat(32)}`,
  token: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  escrow: '10000000000000000000',
  specHash: `0x${'44'.repeat(32)}`,
  jobId: 'xc-4-ab',
  accountId: 'xc-bsc',
  receivedAt: '2026-11-30T12:00:00.000Z',
};

describe('bridge events in the catalog', () => {
  it('registers every bridge event under a versioned type', () => {
    for (const def of [...bridgeTaskEvents, ...bridgeRewardEvents]) expect(catalog.has(def.type)).toBe(true);
    expect(CrossChainTaskSubmitted.type).toBe('corex.cross-chain-task.submitted.v1');
  });

  it('accepts a task from a VAA and from a Solana transfer, and refuses an unknown source kind or chain', () => {
    expect(catalog.validate(CrossChainTaskSubmitted.type, submitted)).toMatchObject({ taskId });
    const solana = { ...submitted, taskId: '9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM', originChain: { name: 'solana', wormholeChainId: 1 }, source: { kind: 'solana', signature: '5'.repeat(88), slot: 1 } };
    expect(catalog.validate(CrossChainTaskSubmitted.type, solana)).toMatchObject({ source: { kind: 'solana' } });
    expect(() => catalog.validate(CrossChainTaskSubmitted.type, { ...submitted, source: { kind: 'email' } })).toThrow(InvalidEventDataError);
    expect(() => catalog.validate(CrossChainTaskSubmitted.type, { ...submitted, originChain: { name: 'polygon', wormholeChainId: 5 } })).toThrow(InvalidEventDataError);
  });

  it('refuses a status outside the TaskStatus codes and a held transfer without its release time', () => {
    const status = { taskId, targetChain: { name: 'bsc', wormholeChainId: 4 }, status: 'paused', verification: 'none', resultHash: taskId, weightsHash: taskId, queuedAt: '2026-11-30T12:00:00.000Z' };
    expect(() => catalog.validate(CrossChainStatusQueued.type, status)).toThrow(/status/);
    const held = { transferId: taskId, nodeId: 'U'.repeat(56), targetChain: { name: 'solana', wormholeChainId: 1 }, recipient: '9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM', amount: '1000000000', epoch: 1, reason: 'daily-cap', heldAt: '2026-11-30T12:00:00.000Z' };
    expect(() => catalog.validate(RewardTransferHeld.type, held)).toThrow(/releaseAt/);
  });

  it('builds the bridge aggregates subjects from their ids', () => {
    expect(subjects.crossChainTask(taskId)).toBe(`cross-chain-task.${taskId}`);
    expect(subjects.rewardTransfer(taskId)).toBe(`reward-transfer.${taskId}`);
    expect(subjects.payoutRoute('U'.repeat(56))).toBe(`payout-route.${'U'.repeat(56)}`);
    expect(() => subjects.crossChainTask('a.b')).toThrow(/invalid aggregate id/);
  });
});
