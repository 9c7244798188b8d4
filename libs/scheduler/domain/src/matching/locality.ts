import { tierRank, type NodeProfile } from '../nodes/node-profile';
import { PRIORITY_RANKS, type FragmentRecord } from './fragment-record';

/** Input blocks remembered per node: the most recently leased ones, older ones forgotten first. */
export const LOCALITY_BLOCKS_PER_NODE = 64;

/** Queued fragments looked at per local take, so one node's many blocks cannot make a decision scan the queue. */
const LOCAL_SCAN_LIMIT = 32;

/** What a local take must respect, like `FragmentQueue.take`. */
export interface LocalTaker {
  readonly node: NodeProfile;
  readonly freeBytes: number;
  /** The highest priority rank queued now: a local fragment never jumps ahead of higher-priority work. */
  readonly topPriorityRank: number;
  readonly excluded: (record: FragmentRecord) => boolean;
}

/**
 * Data locality: which input blocks (task.inputHash) each node fetched lately (leased, hence
 * downloaded and cached by its runner), and which queued fragments read each block. A training
 * job's shards are the same blocks at every step, so a node that held a shard at step k can be
 * given the same shard at step k+1 without fetching it again.
 */
export class LocalityBook {
  private readonly _held = new Map<string, Map<string, true>>();
  /** The node that leased each held block last: it gets the block's next fragment first. */
  private readonly _lastHolder = new Map<string, string>();
  private readonly _readers = new Map<string, Set<FragmentRecord>>();

  constructor(private readonly _perNode = LOCALITY_BLOCKS_PER_NODE) {}

  /** The node fetched this block (a lease was opened): it becomes the node's most recent one. */
  remember(nodeId: string, inputHash: string | undefined): void {
    if (!inputHash) return;
    let held = this._held.get(nodeId);
    if (!held) this._held.set(nodeId, (held = new Map()));
    held.delete(inputHash);
    held.set(inputHash, true);
    this._lastHolder.set(inputHash, nodeId);
    if (held.size > this._perNode) this._drop(nodeId, held, held.keys().next().value as string);
  }

  /** Whether the node fetched this block lately. */
  holds(nodeId: string, inputHash: string | undefined): boolean {
    return inputHash !== undefined && this._held.get(nodeId)?.has(inputHash) === true;
  }

  /** Blocks the node holds, most recent first. */
  heldBy(nodeId: string): string[] {
    return [...(this._held.get(nodeId)?.keys() ?? [])].reverse();
  }

  /** A node that left: its cache is gone with it. */
  forgetNode(nodeId: string): void {
    const held = this._held.get(nodeId);
    for (const hash of held?.keys() ?? []) this._drop(nodeId, held!, hash);
    this._held.delete(nodeId);
  }

  private _drop(nodeId: string, held: Map<string, true>, hash: string): void {
    held.delete(hash);
    if (this._lastHolder.get(hash) === nodeId) this._lastHolder.delete(hash);
  }

  /** A fragment waiting (or waiting again) to be run: findable by its input block. */
  track(record: FragmentRecord): void {
    const hash = record.plan.inputHash;
    if (!hash) return;
    let readers = this._readers.get(hash);
    if (!readers) this._readers.set(hash, (readers = new Set()));
    readers.add(record);
  }

  /** A fragment that is done or dropped. */
  untrack(record: FragmentRecord): void {
    const hash = record.plan.inputHash;
    const readers = hash ? this._readers.get(hash) : undefined;
    if (!readers) return;
    readers.delete(record);
    if (readers.size === 0) this._readers.delete(hash!);
  }

  /**
   * A queued fragment reading a block the node holds, that the node may take (memory, stake,
   * GPU, tier, exclusions, not of a lower priority than the best queued), or undefined: blocks
   * the node was the last to lease first, then its other blocks, most recent first.
   * The caller removes it from the queue.
   */
  findLocal(taker: LocalTaker): FragmentRecord | undefined {
    const nodeId = taker.node.nodeId;
    const held = this.heldBy(nodeId);
    // Blocks this node leased last first, so a shard goes back to the node that ran it at the
    // previous step rather than to another that fetched it earlier.
    const ordered = [...held.filter((h) => this._lastHolder.get(h) === nodeId), ...held.filter((h) => this._lastHolder.get(h) !== nodeId)];
    let looked = 0;
    for (const hash of ordered) {
      for (const record of this._readers.get(hash) ?? []) {
        if (++looked > LOCAL_SCAN_LIMIT) return undefined;
        if (record.status === 'queued' && fits(record, taker)) return record;
      }
    }
    return undefined;
  }
}

function fits(record: FragmentRecord, taker: LocalTaker): boolean {
  const { node } = taker;
  const { requirements, priority } = record.plan;
  return (
    PRIORITY_RANKS[priority] >= taker.topPriorityRank &&
    record.needBytes <= taker.freeBytes &&
    record.minStakeWei <= node.activeStakeWei &&
    (requirements.gpu !== true || node.gpus > 0) &&
    tierRank(requirements.minTier ?? 'edge') <= tierRank(node.tier) &&
    !taker.excluded(record)
  );
}
