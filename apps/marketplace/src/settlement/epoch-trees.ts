import type { DataSource } from 'typeorm';
import { pocTree, proofIndex, type ComputeRecord, type PocLeafValue } from '@corex/settlement';

const CACHED_EPOCHS = 16;

/**
 * Proof-of-Compute trees of closed epochs, rebuilt from the rewards projection (a closed epoch never
 * changes) and kept for the latest few. A tree whose root differs from the anchored one (the
 * rewards projection still behind the epochs projection) is not returned and not cached.
 */
export class EpochTrees {
  private readonly cache = new Map<number, (value: PocLeafValue) => string[]>();

  constructor(private readonly ds: DataSource) {}

  /** The proof function of the epoch's tree, or null when it cannot be rebuilt to the anchored root yet. */
  async prover(epoch: number, root: string): Promise<((value: PocLeafValue) => string[]) | null> {
    const cached = this.cache.get(epoch);
    if (cached) return cached;
    const records: ComputeRecord[] = (
      await this.ds.query(`SELECT job_id, fragment_id, node_id, lease_id, result_hash FROM marketplace.fragment_rewards WHERE epoch = $1`, [epoch])
    ).map((r: Record<string, string>) => ({ jobId: r.job_id, fragmentId: r.fragment_id, nodeId: r.node_id, leaseId: r.lease_id, resultHash: r.result_hash }));
    if (records.length === 0) return null;
    const tree = pocTree(records);
    if (tree.root !== root) return null;
    if (this.cache.size >= CACHED_EPOCHS) this.cache.delete(this.cache.keys().next().value!);
    const prove = proofIndex(tree);
    this.cache.set(epoch, prove);
    return prove;
  }
}
