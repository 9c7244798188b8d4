import type { BridgeChainName } from '@corex/events';
import { keccak256, solidityPacked, toUtf8Bytes } from 'ethers';
import { bridgeChain, chainRef, HOME_CHAIN, type BridgeChain } from './chains';

/** CXT on Solana has 9 decimals: one SPL unit is 1e9 wei, and only whole units cross. */
export const SOLANA_UNIT_WEI = 10n ** 9n;

/** Where a node's rewards go (its signed payout route); none means the home chain. */
export interface PayoutRoute {
  targetChain: BridgeChainName;
  recipient: string;
}

/** One node's reward of one epoch to carry to another chain. */
export interface TransferIntent {
  transferId: string;
  nodeId: string;
  targetChain: { name: BridgeChainName; wormholeChainId: number };
  recipient: string;
  amount: bigint;
  epoch: number;
}

export interface RouteRewards {
  epoch: number;
  /** What each node earned in the settled epoch (a node listed twice earns the sum). */
  rewards: ReadonlyArray<{ nodeId: string; amount: bigint }>;
  routes: ReadonlyMap<string, PayoutRoute>;
  /** Dust left over from earlier epochs, per node. */
  carried: ReadonlyMap<string, bigint>;
}

export interface RoutedRewards {
  transfers: TransferIntent[];
  /** Nodes paid on the home chain (MiningPool to their bound payout): nothing is bridged. */
  home: Array<{ nodeId: string; amount: bigint }>;
  /** Dust each node carries into the next epoch (nodes without dust are absent). */
  carried: Map<string, bigint>;
}

/**
 * The transfer's id: keccak256(abi.encodePacked(uint64 epoch, bytes32 keccak256(nodeId), uint16
 * wormholeChainId)). One per node, epoch and chain, so a transfer decided twice is the same transfer.
 */
export function rewardTransferId(epoch: number, nodeId: string, wormholeChainId: number): string {
  return keccak256(solidityPacked(['uint64', 'bytes32', 'uint16'], [epoch, keccak256(toUtf8Bytes(nodeId)), wormholeChainId]));
}

function targetOf(route: PayoutRoute | undefined): BridgeChain | undefined {
  const chain = route && bridgeChain(route.targetChain);
  return chain && chain.name !== HOME_CHAIN ? chain : undefined;
}

/**
 * Turns an epoch's settled rewards into transfers to the chains the nodes chose. A node without a
 * route, or routed home, is paid at home. Solana gets whole 1e9-wei units, the rest (with any dust
 * carried before) waits for the next epoch; an EVM chain gets the full amount and any dust carried.
 * Dust of a node paid at home stays carried until a transfer takes it.
 */
export function routeRewards({ epoch, rewards, routes, carried }: RouteRewards): RoutedRewards {
  const earned = new Map<string, bigint>();
  for (const { nodeId, amount } of rewards) earned.set(nodeId, (earned.get(nodeId) ?? 0n) + amount);
  const out: RoutedRewards = { transfers: [], home: [], carried: new Map(carried) };
  for (const nodeId of [...earned.keys()].sort()) {
    const amount = earned.get(nodeId)!;
    const route = routes.get(nodeId);
    const chain = targetOf(route);
    if (!chain || !route) {
      if (amount > 0n) out.home.push({ nodeId, amount });
      continue;
    }
    const total = amount + (carried.get(nodeId) ?? 0n);
    const sent = chain.kind === 'solana' ? total - (total % SOLANA_UNIT_WEI) : total;
    if (total - sent > 0n) out.carried.set(nodeId, total - sent);
    else out.carried.delete(nodeId);
    if (sent === 0n) continue;
    out.transfers.push({ transferId: rewardTransferId(epoch, nodeId, chain.wormholeChainId), nodeId, targetChain: chainRef(chain), recipient: route.recipient, amount: sent, epoch });
  }
  return out;
}
