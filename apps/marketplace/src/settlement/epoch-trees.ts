import type { DataSource } from 'typeorm';
import { pocTree, type ComputeRecord, type PocLeafValue } from '@corex/settlement';
import type { StandardMerkleTree } from '@openzeppelin/merkle-tree';

const CACHED_EPOCHS = 16;

/**
 * Proof-of-Compute trees of closed epochs, rebuilt from the rewards projection (a closed epoch never
 * changes) and kept for the latest few. A tree whose root differs from the anchored one (the
 * rewards projection still behind the epochs projection) is not returned and not cached.
 */
export class EpochTrees {
  private readonly cache = new Map<number, StandardMerkleTree<PocLeafValue>>();

  constructor(private readonly ds: DataSource) {}

  async tree(epoch: number, root: string): Promise<StandardMerkleTree<PocLeafValue> | null> {
    const cached = this.cache.get(epoch);
    if (cached) return cached;
    const records: ComputeRecord[] = (
      await this.ds.query(`SELECT job_id, fragment_id, node_id, lease_id, result_hash FROM marketplace.fragment_rewards WHERE epoch = $1`, [epoch])
    ).map((r: Record<string, string>) => ({ jobId: r.job_id, fragmentId: r.fragment_id, nodeId: r.node_id, leaseId: r.lease_id, resultHash: r.result_hash }));
    if (records.length === 0) return null;
    const tree = pocTree(records);
    if (tree.root !== root) return null;
    if (this.cache.size >= CACHED_EPOCHS) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(epoch, tree);
    return tree;
  }
}
