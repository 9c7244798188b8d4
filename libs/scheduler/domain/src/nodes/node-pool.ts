import { NotFoundError } from '@corex/platform';
import { IndexedHeap, type HeapItem } from '../support/indexed-heap';
import { nodeProfile, type NodeInput, type NodeProfile } from './node-profile';
import { stakeBoostOf, type NodeStake } from './node-stake';

/** A known node and when it was last heard from. */
export interface NodeRecord extends HeapItem {
  profile: NodeProfile;
  lastHeartbeatAt: number;
}

/**
 * The live node index: nodes by id, plus a heap on last heartbeat so the sweeper finds silent
 * nodes in O(lost · log n) instead of scanning every node. A lost node leaves the heap and
 * comes back with its next heartbeat, so it is reported once per silence.
 */
export class NodePool {
  private readonly _nodes = new Map<string, NodeRecord>();
  private readonly _byHeartbeat = new IndexedHeap<NodeRecord>((a, b) => a.lastHeartbeatAt < b.lastHeartbeatAt);
  /** On-chain stakes by node id, also of nodes not (yet) registered: a node may stake first. */
  private readonly _stakes = new Map<string, NodeStake>();

  /** Nodes known. */
  get size(): number {
    return this._nodes.size;
  }

  /** Nodes heard from since they were last reported lost. */
  get liveCount(): number {
    return this._byHeartbeat.size;
  }

  /** Adds or updates a node; registering counts as being heard from. */
  upsert(input: NodeInput, now: number): NodeRecord {
    const stake = this._stakes.get(input.nodeId);
    const profile = nodeProfile(stake ? { ...input, ...stakeFields(stake) } : input);
    const existing = this._nodes.get(profile.nodeId);
    if (existing) {
      existing.profile = profile;
      return this.touch(profile.nodeId, now);
    }
    const record: NodeRecord = { profile, lastHeartbeatAt: now, heapIndex: -1 };
    this._nodes.set(profile.nodeId, record);
    this._byHeartbeat.push(record);
    return record;
  }

  /** Records the node's stake as the chain reports it; applies now if the node is known, else when it registers. */
  applyStake(nodeId: string, stake: NodeStake): void {
    this._stakes.set(nodeId, stake);
    const record = this._nodes.get(nodeId);
    if (record) record.profile = nodeProfile({ ...record.profile, ...stakeFields(stake) });
  }

  /** Changes fields of a known node's profile (e.g. tier and reputation from the reputation service); no-op for an unknown node. */
  patch(nodeId: string, fields: Partial<Pick<NodeProfile, 'tier' | 'reputation'>>): void {
    const record = this._nodes.get(nodeId);
    if (record) record.profile = nodeProfile({ ...record.profile, ...fields });
  }

  get(nodeId: string): NodeRecord | undefined {
    return this._nodes.get(nodeId);
  }

  /** Records that the node was heard from. Throws NotFoundError `SCHEDULER.NODE_UNKNOWN`. */
  touch(nodeId: string, now: number): NodeRecord {
    const record = this._nodes.get(nodeId);
    if (!record) throw new NotFoundError('SCHEDULER.NODE_UNKNOWN', `unknown node ${nodeId}`, { nodeId });
    // Messages can arrive out of order; a late one must not make the node look older.
    record.lastHeartbeatAt = Math.max(record.lastHeartbeatAt, now);
    if (record.heapIndex < 0) this._byHeartbeat.push(record);
    else this._byHeartbeat.update(record);
    return record;
  }

  /** Forgets a node (it left): it gets no work until it registers again. */
  remove(nodeId: string): boolean {
    const record = this._nodes.get(nodeId);
    if (!record) return false;
    this._nodes.delete(nodeId);
    if (record.heapIndex >= 0) this._byHeartbeat.remove(record);
    return true;
  }

  /** Whether some live node (heard from since last reported lost) satisfies `predicate`; stops at the first. */
  someLive(predicate: (profile: NodeProfile) => boolean): boolean {
    for (const record of this._nodes.values()) if (record.heapIndex >= 0 && predicate(record.profile)) return true;
    return false;
  }

  /** Nodes silent for more than `heartbeatTimeoutMs`, read only (see lostNodes). */
  silentNodes(now: number, heartbeatTimeoutMs: number): NodeRecord[] {
    return this._byHeartbeat.leading((node) => now - node.lastHeartbeatAt > heartbeatTimeoutMs);
  }

  /** No longer counts the nodes live until they speak again; reported lost once per silence. */
  markLost(nodeIds: readonly string[]): void {
    for (const nodeId of nodeIds) {
      const record = this._nodes.get(nodeId);
      if (record && record.heapIndex >= 0) this._byHeartbeat.remove(record);
    }
  }

  /** Nodes silent for more than `heartbeatTimeoutMs`; no longer counted live until they speak. */
  lostNodes(now: number, heartbeatTimeoutMs: number): NodeRecord[] {
    const lost = this._byHeartbeat.leading((node) => now - node.lastHeartbeatAt > heartbeatTimeoutMs);
    for (const node of lost) this._byHeartbeat.remove(node);
    return lost;
  }
}

function stakeFields(stake: NodeStake): Pick<NodeProfile, 'stakeBoost' | 'activeStakeWei' | 'verifier'> {
  return { stakeBoost: stakeBoostOf(stake), activeStakeWei: stake.activeWei, verifier: stake.verifier };
}
