import { createCorexCatalog, RewardTransferQueued } from '@corex/events';
import { keccak256, toUtf8Bytes } from 'ethers';
import { rewardTransferId, routeRewards, SOLANA_UNIT_WEI, type PayoutRoute } from './reward-routing';

const WEI = 10n ** 18n;
const node = (c: string) => c.repeat(56);
const [A, B, C] = [node('A'), node('B'), node('C')];
const evmRecipient = '0x90F79bf6EB2c4f870365E785982E1f101E93b906';
const solanaOwner = '9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM';
const routes = new Map<string, PayoutRoute>([
  [A, { targetChain: 'bsc', recipient: evmRecipient }],
  [B, { targetChain: 'solana', recipient: solanaOwner }],
  [C, { targetChain: 'ethereum', recipient: evmRecipient }],
]);
const none = new Map<string, bigint>();

describe('reward routing', () => {
  it('given a node without a route or routed home, when its epoch settles, then it is paid at home and nothing is bridged', () => {
    const routed = routeRewards({ epoch: 3, rewards: [{ nodeId: C, amount: 5n * WEI }, { nodeId: node('D'), amount: WEI }], routes, carried: none });
    expect(routed.transfers).toEqual([]);
    expect(routed.home).toEqual([{ nodeId: C, amount: 5n * WEI }, { nodeId: node('D'), amount: WEI }]);
  });

  it('given a node routed to BSC, when its epoch settles, then its whole reward goes to its BSC address under a transfer id of (epoch, node, chain)', () => {
    const amount = 1_234_567_890_123_456_789n;
    const { transfers, carried } = routeRewards({ epoch: 3, rewards: [{ nodeId: A, amount }], routes, carried: none });
    expect(transfers).toEqual([{ transferId: rewardTransferId(3, A, 4), nodeId: A, targetChain: { name: 'bsc', wormholeChainId: 4 }, recipient: evmRecipient, amount, epoch: 3 }]);
    expect(carried.size).toBe(0);
  });

  it('given a node routed to Solana, when its epoch settles, then whole 1e9-wei units go and the dust is carried to the next epoch', () => {
    const first = routeRewards({ epoch: 1, rewards: [{ nodeId: B, amount: 1_234_567_891_900_000_000n }], routes, carried: none });
    expect(first.transfers.map((t) => t.amount)).toEqual([1_234_567_891_000_000_000n]);
    expect(first.carried).toEqual(new Map([[B, 900_000_000n]]));
    const second = routeRewards({ epoch: 2, rewards: [{ nodeId: B, amount: 100_000_000n }], routes, carried: first.carried });
    expect(second.transfers.map((t) => [t.amount, t.epoch])).toEqual([[SOLANA_UNIT_WEI, 2]]);
    expect(second.carried.size).toBe(0);
  });

  it('given a Solana reward below one unit, then no transfer and all of it carried', () => {
    const routed = routeRewards({ epoch: 1, rewards: [{ nodeId: B, amount: 999_999_999n }], routes, carried: new Map([[A, 7n]]) });
    expect(routed.transfers).toEqual([]);
    expect(routed.carried).toEqual(new Map([[A, 7n], [B, 999_999_999n]]));
  });

  it('given dust carried from Solana, when the node now routes to BSC, then the dust goes with the BSC transfer', () => {
    const routed = routeRewards({ epoch: 4, rewards: [{ nodeId: A, amount: WEI }], routes, carried: new Map([[A, 5n]]) });
    expect(routed.transfers.map((t) => t.amount)).toEqual([WEI + 5n]);
    expect(routed.carried.has(A)).toBe(false);
  });

  it('given a node listed twice, then one transfer of the sum; given the same epoch decided again, then the same transfers', () => {
    const input = { epoch: 9, rewards: [{ nodeId: A, amount: WEI }, { nodeId: B, amount: 2n * WEI }, { nodeId: A, amount: WEI }], routes, carried: none };
    const routed = routeRewards(input);
    expect(routed.transfers.map((t) => [t.nodeId, t.amount])).toEqual([[A, 2n * WEI], [B, 2n * WEI]]);
    expect(routeRewards(input)).toEqual(routed);
  });

  it('derives the transfer id as keccak256(abi.encodePacked(uint64 epoch, bytes32 keccak256(nodeId), uint16 chain)), distinct per epoch and chain', () => {
    const packed = `0x${(7).toString(16).padStart(16, '0')}${keccak256(toUtf8Bytes(A)).slice(2)}${(1).toString(16).padStart(4, '0')}`;
    expect(rewardTransferId(7, A, 1)).toBe(keccak256(packed));
    expect(new Set([rewardTransferId(7, A, 1), rewardTransferId(8, A, 1), rewardTransferId(7, A, 4), rewardTransferId(7, B, 1)]).size).toBe(4);
  });

  it('gives intents that make valid RewardTransferQueued events', () => {
    const catalog = createCorexCatalog();
    const { transfers } = routeRewards({ epoch: 2, rewards: [{ nodeId: A, amount: WEI }, { nodeId: B, amount: WEI }], routes, carried: none });
    for (const t of transfers) catalog.validate(RewardTransferQueued.type, { ...t, amount: t.amount.toString(), queuedAt: '2026-11-30T12:00:00.000Z' });
  });
});
