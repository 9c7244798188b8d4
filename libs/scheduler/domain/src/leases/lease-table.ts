import { IndexedHeap, type HeapItem } from '../support/indexed-heap';
import { renewLease, type Lease } from './lease';

interface LeaseEntry extends HeapItem {
  lease: Lease;
}

/** What a heartbeat did to the leases the node listed. */
export interface Renewal {
  readonly renewed: readonly Lease[];
  /** Listed ids that are no longer the node's open leases: the node should stop that work. */
  readonly dropped: readonly string[];
}

/**
 * Open leases by id and by node, and a heap on expiry so the sweeper reaches expired leases in
 * O(expired · log n). All operations are O(log n) or better.
 */
export class LeaseTable {
  private readonly _byId = new Map<string, LeaseEntry>();
  private readonly _byNode = new Map<string, Set<string>>();
  private readonly _byExpiry = new IndexedHeap<LeaseEntry>((a, b) => a.lease.expiresAt < b.lease.expiresAt);

  get size(): number {
    return this._byId.size;
  }

  get(leaseId: string): Lease | undefined {
    return this._byId.get(leaseId)?.lease;
  }

  /** Open leases the node holds. */
  countFor(nodeId: string): number {
    return this._byNode.get(nodeId)?.size ?? 0;
  }

  /** Ids of the node's open leases. */
  idsFor(nodeId: string): string[] {
    return [...(this._byNode.get(nodeId) ?? [])];
  }

  add(lease: Lease): void {
    const entry: LeaseEntry = { lease, heapIndex: -1 };
    this._byId.set(lease.leaseId, entry);
    this._byExpiry.push(entry);
    let ids = this._byNode.get(lease.nodeId);
    if (!ids) this._byNode.set(lease.nodeId, (ids = new Set()));
    ids.add(lease.leaseId);
  }

  remove(leaseId: string): Lease | undefined {
    const entry = this._byId.get(leaseId);
    if (!entry) return undefined;
    this._byId.delete(leaseId);
    this._byExpiry.remove(entry);
    const ids = this._byNode.get(entry.lease.nodeId)!;
    ids.delete(leaseId);
    if (ids.size === 0) this._byNode.delete(entry.lease.nodeId);
    return entry.lease;
  }

  /** Extends the node's listed leases that are still running; expired ones stay expired. */
  renewLeases(nodeId: string, leaseIds: readonly string[], now: number, ttlMs: number): Renewal {
    const renewed: Lease[] = [];
    const dropped: string[] = [];
    for (const leaseId of leaseIds) {
      const entry = this._byId.get(leaseId);
      if (!entry || entry.lease.nodeId !== nodeId || now >= entry.lease.expiresAt) {
        dropped.push(leaseId);
        continue;
      }
      entry.lease = renewLease(entry.lease, now, ttlMs);
      this._byExpiry.update(entry);
      renewed.push(entry.lease);
    }
    return { renewed, dropped };
  }

  /** Open leases whose expiry is at or before `now` (read only). */
  expiredLeases(now: number): Lease[] {
    return this._byExpiry.leading((entry) => entry.lease.expiresAt <= now).map((entry) => entry.lease);
  }
}
