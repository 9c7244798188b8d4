/** Accepted results remembered beyond their job (oldest forgotten first). */
const MAX_ACCEPTED = 10_000;

/** What the scheduler remembers of one fragment (or replica) for commit-reveal. */
interface Trail {
  readonly jobId: string;
  /** Every lease ever granted on the fragment: lease id → node id (a lease the node never held is a violation). */
  readonly leases: Map<string, string>;
  /** Recorded commitments by lease id (ResultCommitted). */
  readonly commitments: Map<string, string>;
  /** The accepted result, once completed: an identical re-delivery is answered ok, a different one is a violation. */
  completed?: { readonly leaseId: string; readonly nodeId: string; readonly signature: string };
  /** Epoch ms since when the fragment has had no lease (planned, or its last lease ended); undefined while leased. */
  unleasedSince?: number;
}

/** A fragment and its replicas (`<fragmentId>-r<n>`). */
interface Group {
  readonly original: string;
  /** Replica ids, in planning order, with why each was planned. */
  readonly replicas: Map<string, 'policy' | 'escalated'>;
}

/**
 * Commit-reveal and replica bookkeeping of the scheduler (docs/node-protocol.md, "Commit-reveal"):
 * leases granted per fragment, commitments, accepted results, and the groups a fragment forms with
 * its replicas. Evolved from FragmentAssigned, ResultCommitted, FragmentCompleted,
 * FragmentLeaseEnded and ReplicaPlanned; forgotten with the job.
 */
export class RevealBook {
  private readonly _trails = new Map<string, Trail>();
  private readonly _jobs = new Map<string, Set<string>>();
  private readonly _groups = new Map<string, Group>();
  /** Accepted results by lease id (node and signature), kept after their job is forgotten: a late identical re-delivery is still answered ok. */
  private readonly _accepted = new Map<string, string>();

  leased(fragmentId: string, jobId: string, leaseId: string, nodeId: string): void {
    const trail = this._trail(fragmentId, jobId);
    trail.leases.set(leaseId, nodeId);
    trail.unleasedSince = undefined;
  }

  leaseEnded(fragmentId: string, at: number): void {
    const trail = this._trails.get(fragmentId);
    if (trail && !trail.completed) trail.unleasedSince = at;
  }

  committed(fragmentId: string, jobId: string, leaseId: string, commitment: string): void {
    this._trail(fragmentId, jobId).commitments.set(leaseId, commitment);
  }

  completed(fragmentId: string, jobId: string, leaseId: string, nodeId: string, signature: string): void {
    const trail = this._trail(fragmentId, jobId);
    trail.completed = { leaseId, nodeId, signature };
    trail.unleasedSince = undefined;
    this._accepted.set(leaseId, `${nodeId}\n${signature}`);
    if (this._accepted.size > MAX_ACCEPTED) this._accepted.delete(this._accepted.keys().next().value!);
  }

  /** Whether this node's result with this signature was accepted under the lease (also of a forgotten job, among the last MAX_ACCEPTED). */
  wasAccepted(leaseId: string, nodeId: string, signature: string): boolean {
    return this._accepted.get(leaseId) === `${nodeId}\n${signature}`;
  }

  /** A replica of `original` was planned at `at`. */
  replicaPlanned(replicaId: string, original: string, jobId: string, reason: 'policy' | 'escalated', at: number): void {
    let group = this._groups.get(original);
    if (!group) this._groups.set(original, (group = { original, replicas: new Map() }));
    group.replicas.set(replicaId, reason);
    this._groups.set(replicaId, group);
    this._trail(original, jobId);
    this._trail(replicaId, jobId).unleasedSince ??= at;
  }

  /** The node that held this lease of the fragment, if it was ever granted. */
  holderOf(fragmentId: string, leaseId: string): string | undefined {
    return this._trails.get(fragmentId)?.leases.get(leaseId);
  }

  /** Every node that held a lease of the fragment or of another member of its group. */
  nodesOfGroup(fragmentId: string): string[] {
    const members = [fragmentId, ...this.otherMembers(fragmentId)];
    return [...new Set(members.flatMap((id) => [...(this._trails.get(id)?.leases.values() ?? [])]))];
  }

  commitmentOf(fragmentId: string, leaseId: string): string | undefined {
    return this._trails.get(fragmentId)?.commitments.get(leaseId);
  }

  completedResult(fragmentId: string): Trail['completed'] {
    return this._trails.get(fragmentId)?.completed;
  }

  unleasedSince(fragmentId: string): number | undefined {
    return this._trails.get(fragmentId)?.unleasedSince;
  }

  /** The original of a replica id (itself for an original), when it has a group. */
  originalOf(fragmentId: string): string | undefined {
    return this._groups.get(fragmentId)?.original;
  }

  isReplica(fragmentId: string): boolean {
    const group = this._groups.get(fragmentId);
    return group !== undefined && group.original !== fragmentId;
  }

  /** Replicas planned for the original so far (the next one is `-r<count + 1>`). */
  replicaCount(original: string): number {
    return this._groups.get(original)?.replicas.size ?? 0;
  }

  /** Whether the original has a replica planned by policy (one is enough: another node runs it). */
  hasPolicyReplica(original: string): boolean {
    return [...(this._groups.get(original)?.replicas.values() ?? [])].includes('policy');
  }

  /** The other members of the fragment's group (original and replicas), any reason. */
  otherMembers(fragmentId: string): string[] {
    const group = this._groups.get(fragmentId);
    if (!group) return [];
    return [group.original, ...group.replicas.keys()].filter((id) => id !== fragmentId);
  }

  /**
   * The members whose reveals the replica gate holds together: the original and its replicas
   * planned by policy. Empty when the fragment is in no such group, or is an escalated replica
   * (its original was revealed already).
   */
  gatedWith(fragmentId: string): string[] {
    const group = this._groups.get(fragmentId);
    if (!group) return [];
    const policy = [...group.replicas].filter(([, reason]) => reason === 'policy').map(([id]) => id);
    if (!policy.length) return [];
    const members = [group.original, ...policy];
    return members.includes(fragmentId) ? members.filter((id) => id !== fragmentId) : [];
  }

  /** Forgets a finished job's fragments and replicas. */
  forgetJob(jobId: string): void {
    for (const fragmentId of this._jobs.get(jobId) ?? []) {
      this._trails.delete(fragmentId);
      this._groups.delete(fragmentId);
    }
    this._jobs.delete(jobId);
  }

  /** Fragments held (bounded-memory checks). */
  get size(): number {
    return this._trails.size;
  }

  private _trail(fragmentId: string, jobId: string): Trail {
    let trail = this._trails.get(fragmentId);
    if (!trail) {
      this._trails.set(fragmentId, (trail = { jobId, leases: new Map(), commitments: new Map() }));
      let ids = this._jobs.get(jobId);
      if (!ids) this._jobs.set(jobId, (ids = new Set()));
      ids.add(fragmentId);
    }
    return trail;
  }
}
