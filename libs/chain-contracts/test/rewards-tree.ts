import { StandardMerkleTree } from '@openzeppelin/merkle-tree';

/** A reward tree as the settlement service builds it: standard leaves of (nodeId, payout, cumulativeEarned). */
export interface RewardTree {
  root: string;
  total: bigint;
  has(nodeId: string): boolean;
  proof(nodeId: string): string[];
  leaf(nodeId: string): [string, string, bigint];
}

export function rewardTree(entries: { nodeId: string; payout: string; cumulative: bigint }[]): RewardTree {
  const values: [string, string, bigint][] = entries.map((e) => [e.nodeId, e.payout, e.cumulative]);
  const tree = StandardMerkleTree.of(values, ['bytes32', 'address', 'uint256']);
  const index = (nodeId: string): number => {
    const i = values.findIndex((v) => v[0] === nodeId);
    if (i < 0) throw new Error(`no leaf for ${nodeId}`);
    return i;
  };
  return {
    root: tree.root,
    total: values.reduce((sum, v) => sum + v[2], 0n),
    has: (nodeId) => values.some((v) => v[0] === nodeId),
    proof: (nodeId) => tree.getProof(index(nodeId)),
    leaf: (nodeId) => values[index(nodeId)],
  };
}
