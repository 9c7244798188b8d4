import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import { idToBytes32, sha256ToBytes32 } from './ids';

/** MiningPool leaf: `(bytes32 nodeId, address payout, uint256 cumulative)`. */
export const REWARD_LEAF_ENCODING = ['bytes32', 'address', 'uint256'];
/** ProofRegistry leaf: `(bytes32 jobId, bytes32 fragmentId, bytes32 nodeId, bytes32 leaseId, bytes32 resultHash)`. */
export const POC_LEAF_ENCODING = ['bytes32', 'bytes32', 'bytes32', 'bytes32', 'bytes32'];

export interface RewardLeaf {
  nodeId: string;
  payout: string;
  cumulative: bigint;
}

export interface ComputeRecord {
  jobId: string;
  fragmentId: string;
  nodeId: string;
  leaseId: string;
  resultHash: string;
}

export type RewardLeafValue = [string, string, string];
export type PocLeafValue = [string, string, string, string, string];

// No leaf at all (nobody bound a payout yet) still gets a root, so epochs stay consecutive on-chain;
// this leaf can pay nothing (cumulative 0, zero address).
const EMPTY_REWARD_LEAF: RewardLeafValue = [`0x${'0'.repeat(64)}`, `0x${'0'.repeat(40)}`, '0'];

export function rewardLeafValue(leaf: RewardLeaf): RewardLeafValue {
  return [idToBytes32(leaf.nodeId), leaf.payout, leaf.cumulative.toString()];
}

export function pocLeafValue(r: ComputeRecord): PocLeafValue {
  return [idToBytes32(r.jobId), idToBytes32(r.fragmentId), idToBytes32(r.nodeId), idToBytes32(r.leaseId), sha256ToBytes32(r.resultHash)];
}

/** The reward tree of an epoch (OZ standard tree: leaves sorted by hash, so the order of input is irrelevant). */
export function rewardTree(leaves: RewardLeaf[]): StandardMerkleTree<RewardLeafValue> {
  const values = leaves.length > 0 ? leaves.map(rewardLeafValue) : [EMPTY_REWARD_LEAF];
  return StandardMerkleTree.of(values, REWARD_LEAF_ENCODING);
}

/** The Proof-of-Compute tree of an epoch's records. */
export function pocTree(records: ComputeRecord[]): StandardMerkleTree<PocLeafValue> {
  if (records.length === 0) throw new Error('an epoch without records has no Proof-of-Compute tree');
  return StandardMerkleTree.of(records.map(pocLeafValue), POC_LEAF_ENCODING);
}

/** The fragments root of a model version without any known record (ProofRegistry stores zero: nothing to prove against). */
export const NO_FRAGMENTS_ROOT = `0x${'0'.repeat(64)}`;

/**
 * A model version's fragments root: the standard tree over its contributing fragments' Proof-of-Compute
 * records, the same leaves as the epoch trees (ProofRegistry.verifyModelFragment checks one).
 */
export function fragmentsRootOf(records: ComputeRecord[]): string {
  return records.length > 0 ? pocTree(records).root : NO_FRAGMENTS_ROOT;
}

const leafKey = (value: unknown[]) => value.map((x) => String(x).toLowerCase()).join(',');

/** Inclusion proof of one value in a tree built by rewardTree or pocTree. */
export function proofOf<T extends unknown[]>(tree: StandardMerkleTree<T>, value: T): string[] {
  const key = leafKey(value);
  for (const [i, v] of tree.entries()) if (leafKey(v) === key) return tree.getProof(i);
  throw new Error('value is not a leaf of the tree');
}

/** Proofs of many values at once: one pass over the tree instead of one per value. */
export function proofIndex<T extends unknown[]>(tree: StandardMerkleTree<T>): (value: T) => string[] {
  const index = new Map<string, number>();
  for (const [i, v] of tree.entries()) index.set(leafKey(v), i);
  return (value) => {
    const i = index.get(leafKey(value));
    if (i === undefined) throw new Error('value is not a leaf of the tree');
    return tree.getProof(i);
  };
}
