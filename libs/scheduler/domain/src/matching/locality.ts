import { tierRank, type NodeProfile } from '../nodes/node-profile';
import type { FragmentPlan } from '../planning/plan-fragments';
import { PRIORITY_RANKS, type FragmentRecord } from './fragment-record';

/** Input blocks remembered per node: the most recently leased ones, older ones forgotten first. */
export const LOCALITY_BLOCKS_PER_NODE = 64;
/** Shards (a block's rows of one fragment) remembered per node as the last one to run them. */
const SHARDS_PER_NODE = 256;

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

type Located = Pick<FragmentPlan, 'inputHash' | 'rowRange'>;

/** A fragment's shard: its input block and its rows, the same for a training job's fragment of one shard at every step. */
const shardOf = (plan: Located) => `${plan.inputHash}#${plan.rowRange[0]}-${plan.rowRange[1]}`;

/**
 * Data locality: which input blocks (task.inputHash) each node fetched lately (leased, hence
 * downloaded and cached by its runner), which node ran each shard last, and which queued fragments
 * read each block and shard. A training job's shards are the same blocks and rows at every step,
 * so the node that ran a shard at step k is offered it first at step k+1; any node holding the
 * block comes next (several small shards often share one block).
 */
export class LocalityBook {
  private readonly _blocks = new Map<string, Map<string, true>>();
  private readonly _shards = new Map<string, Map<string, true>>();
  private readonly _lastHolder = new Map<string, string>();
  private readonly _readers = new Map<string, Set<FragmentRecord>>();

  constructor(private readonly _perNode = LOCALITY_BLOCKS_PER_NODE) {}

  /** The node leased this fragment: its block becomes the node's most recent, and the node the shard's last holder. */
  remember(nodeId: string, plan: Located): void {
    if (!plan.inputHash) return;
    touch(this._blocks, nodeId, plan.inputHash, this._perNode);
    const shard = shardOf(plan);
    const previous = this._lastHolder.get(shard);
    if (previous !== undefined && previous !== nodeId) this._shards.get(previous)?.delete(shard);
    this._lastHolder.set(shard, nodeId);
    const evicted = touch(this._shards, nodeId, shard, SHARDS_PER_NODE);
    if (evicted) this._lastHolder.delete(evicted);
  }

  /** Whether the node fetched this block lately. */
  holds(nodeId: string, inputHash: string | undefined): boolean {
    return inputHash !== undefined && this._blocks.get(nodeId)?.has(inputHash) === true;
  }

  /** Blocks the node holds, most recent first. */
  heldBy(nodeId: string): string[] {
    return [...(this._blocks.get(nodeId)?.keys() ?? [])].reverse();
  }

  /** A node that left: its cache is gone with it. */
  forgetNode(nodeId: string): void {
    for (const shard of this._shards.get(nodeId)?.keys() ?? []) this._lastHolder.delete(shard);
    this._shards.delete(nodeId);
    this._blocks.delete(nodeId);
  }

  /** A fragment waiting (or waiting again) to be run: findable by its input block and shard. */
  track(record: FragmentRecord): void {
    if (!record.plan.inputHash) return;
    for (const key of [record.plan.inputHash, shardOf(record.plan)]) {
      let readers = this._readers.get(key);
      if (!readers) this._readers.set(key, (readers = new Set()));
      readers.add(record);
    }
  }

  /** A fragment that is done or dropped. */
  untrack(record: FragmentRecord): void {
    if (!record.plan.inputHash) return;
    for (const key of [record.plan.inputHash, shardOf(record.plan)]) {
      const readers = this._readers.get(key);
      readers?.delete(record);
      if (readers?.size === 0) this._readers.delete(key);
    }
  }

  /**
   * A queued fragment the node may take (memory, stake, GPU, tier, exclusions, not of a lower
   * priority than the best queued) of a shard the node ran last, else of a block it holds (most
   * recent first), or undefined. The caller removes it from the queue.
   */
  findLocal(taker: LocalTaker): FragmentRecord | undefined {
    const nodeId = taker.node.nodeId;
    const shards = [...(this._shards.get(nodeId)?.keys() ?? [])].reverse();
    let looked = 0;
    for (const key of [...shards, ...this.heldBy(nodeId)]) {
      for (const record of this._readers.get(key) ?? []) {
        if (++looked > LOCAL_SCAN_LIMIT) return undefined;
        if (record.status === 'queued' && fits(record, taker)) return record;
      }
    }
    return undefined;
  }
}

/** Makes `key` the node's most recent; returns the key evicted past `capacity`, if any. */
function touch(byNode: Map<string, Map<string, true>>, nodeId: string, key: string, capacity: number): string | undefined {
  let recent = byNode.get(nodeId);
  if (!recent) byNode.set(nodeId, (recent = new Map()));
  recent.delete(key);
  recent.set(key, true);
  if (recent.size <= capacity) return undefined;
  const oldest = recent.keys().next().value as string;
  recent.delete(oldest);
  return oldest;
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
