import { NotFoundError } from '@corex/platform';
import { checkResult, grantLease, type Lease, type LeaseCheck, type LeaseClaim, type LeaseIdFactory } from '../leases/lease';
import { LeaseTable, type Renewal } from '../leases/lease-table';
import { FairShare } from '../matching/fair-share';
import { FragmentQueue } from '../matching/fragment-queue';
import { LocalityBook } from '../matching/locality';
import type { FragmentRecord } from '../matching/fragment-record';
import { pinnedElsewhere } from '../matching/pinned-node';
import { shareRound, type Contender } from '../matching/share-round';
import { NodePool } from '../nodes/node-pool';
import { nodeProfile, unratedTier, type NodeInput, type NodeProfile, type NodeTier } from '../nodes/node-profile';
import { NodeTrustBook, type NodeTrust, type WorkBlock } from '../nodes/node-trust';
import type { NodeStake } from '../nodes/node-stake';
import type { FragmentPlan } from '../planning/plan-fragments';
import { FragmentBook } from './fragment-book';
import { RevealBook } from '../commit-reveal/reveal-book';
import {
  withDefaults,
  type Assignment,
  type Cancellation,
  type Completion,
  type FragmentView,
  type LeaseEnd,
  type Release,
  type Reopened,
  type RequeueReason,
  type SchedulerOptions,
  type SchedulerStats,
  type SweepResult,
  type WorkRequest,
} from './scheduler-types';

/**
 * The scheduler's working state: pending fragments, nodes and open leases, in memory and
 * synchronous; the app rebuilds it from the event log at start and records what it returns.
 * Time always comes in as epoch ms.
 */
/** A verdict kept for a result not applied yet: verified, or reopened (rejected, fraud). */
export type EarlyVerdict = { kind: 'verified'; jobId: string } | { kind: 'reopen'; fraud: boolean };

export class SchedulerState {
  private readonly _queue = new FragmentQueue();
  private readonly _nodes = new NodePool();
  private readonly _leases = new LeaseTable();
  /** Verdicts that reached this state before the result they judge (see verdictBeforeResult), by lease. */
  private readonly _earlyVerdicts = new Map<string, EarlyVerdict>();
  private readonly _fragments = new FragmentBook();
  /** Stake-weighted shares of contended work, charged by every recorded assignment. */
  private readonly _share = new FairShare();
  /** Reputation, tiers, suspensions, evictions and open challenges, by node id. */
  private readonly _trust = new NodeTrustBook();
  /** Input blocks each node fetched lately, and the queued fragments reading each block. */
  private readonly _locality = new LocalityBook();
  private readonly _options: Required<SchedulerOptions>;
  /** Commit-reveal: leases granted, commitments, accepted results and replica groups (commit-reveal/). */
  readonly reveals = new RevealBook();

  constructor(options: SchedulerOptions = {}) {
    this._options = withDefaults(options);
  }

  /** Queues planned fragments; ids already known are ignored (replays are harmless). Returns how many were new. */
  addFragments(plans: readonly FragmentPlan[]): number {
    let added = 0;
    for (const plan of plans) {
      const record = this._fragments.add(plan);
      if (!record) continue;
      this._queue.push(record);
      this._locality.track(record);
      added++;
    }
    return added;
  }

  /**
   * Adds or updates a node (neutral defaults for what is not given); an evicted node is not added
   * (its profile is returned, it gets no work). Throws `SCHEDULER.NODE_INVALID`.
   */
  upsertNode(input: NodeInput, now: number): NodeProfile {
    const settled = { ...input, ...this._trustFields(input) };
    if (this._trust.isEvicted(input.nodeId)) return nodeProfile(settled);
    return this._nodes.upsert(settled, now).profile;
  }

  /** Reputation and verified fragments of the node (for `needsReplica`); unscored: reputation null. */
  trustOf(nodeId: string): NodeTrust {
    return this._trust.trustOf(nodeId);
  }

  /** Why the node gets no new work at `now` (evicted, suspended, open challenge), or undefined. */
  workBlock(nodeId: string, now: number): WorkBlock | undefined {
    return this._trust.workBlock(nodeId, now);
  }

  /** Trust as recorded by the reputation service and the verifier (evolved by evolveTrust). */
  get trust(): NodeTrustBook {
    return this._trust;
  }

  /** ReputationChanged: the node's score replaces the neutral default. */
  reputationChanged(nodeId: string, score: number, verified: number | null | undefined): void {
    this._trust.reputationChanged(nodeId, score, verified);
    this._nodes.patch(nodeId, { reputation: score });
  }

  /** TierChanged: the reputation service's tier replaces the benchmark's. */
  tierChanged(nodeId: string, tier: NodeTier): void {
    this._trust.tierChanged(nodeId, tier);
    this._nodes.patch(nodeId, { tier });
  }

  /** NodeEvicted: no work ever again; the node is forgotten (its open leases are ended by the caller, or expire). */
  evictNode(nodeId: string): void {
    this._trust.evicted(nodeId);
    this.removeNode(nodeId);
  }

  /** The node never gets this fragment (a verdict against its result, or a replica's original ran there). */
  excludeNode(fragmentId: string, nodeId: string): void {
    const record = this._fragments.get(fragmentId);
    if (record) (record.excludedNodes ??= new Set()).add(nodeId);
  }

  /** Whether the fragment is completed under this lease (the result a verdict names is the one that completed it). */
  /**
   * A verdict on a result this state has not applied yet: kept until its FragmentCompleted comes.
   * In the log a verdict always follows the result; here it can arrive first, because the
   * scheduler applies its own appends when their acknowledgement is handled, and the verifier's
   * verdict may be delivered on the same connection before that continuation runs. Only a lease
   * still open here is waited for (anything else is a verdict on a result that no longer counts).
   */
  verdictBeforeResult(fragmentId: string, leaseId: string, verdict: EarlyVerdict): boolean {
    if (this._leases.get(leaseId)?.fragmentId !== fragmentId) return false;
    this._earlyVerdicts.set(leaseId, verdict);
    return true;
  }

  /** The verdict that overtook this lease's result, once (its completion is being applied). */
  takeEarlyVerdict(leaseId: string): EarlyVerdict | undefined {
    const verdict = this._earlyVerdicts.get(leaseId);
    this._earlyVerdicts.delete(leaseId);
    return verdict;
  }

  completedUnder(fragmentId: string, leaseId: string): boolean {
    const record = this._fragments.get(fragmentId);
    return record?.status === 'completed' && record.completedLease?.leaseId === leaseId;
  }

  /**
   * A verdict against the fragment's completed result (FraudDetected, FragmentRejected) under
   * `leaseId`: the fragment goes back to the queue as a new attempt and the node that produced it
   * never gets it again. `fraud` counts as a failed attempt (the fragment may be exhausted).
   * Undefined (nothing changes) when verification is off, the fragment is not completed under
   * that lease, or a later step of its job is planned (the verdict came too late to matter).
   */
  reopen(fragmentId: string, leaseId: string, fraud: boolean): Reopened | undefined {
    const record = this._fragments.get(fragmentId);
    if (this._options.verification === 'off' || !record || record.status !== 'completed' || record.completedLease?.leaseId !== leaseId) return undefined;
    if (this._fragments.stepPassed(record)) return undefined;
    const { nodeId } = record.completedLease;
    record.completedLease = undefined;
    (record.excludedNodes ??= new Set()).add(nodeId);
    if (fraud) record.failedAttempts++;
    const fragmentExhausted = record.failedAttempts >= this._options.maxFailedAttempts;
    this._fragments.reopened(record, fragmentExhausted ? 'exhausted' : 'queued');
    if (!fragmentExhausted) this._queue.push(record);
    if (!fragmentExhausted) this._locality.track(record);
    return { jobId: record.plan.jobId, fragmentId, nodeId, fragmentExhausted };
  }

  /**
   * Whether a live node (other than `except`) could take the fragment now: not excluded from it, not
   * failed on it too often, not blocked (suspended, evicted, owing a challenge). Memory and tier
   * are not checked: a replica nobody can take frees its group's reveals after REPLICA_WAIT_MS anyway.
   */
  anyLiveTakerFor(fragmentId: string, now: number, except?: string): boolean {
    const record = this._fragments.get(fragmentId);
    if (!record) return false;
    const maxFailures = this._options.maxFailuresPerNode;
    return this._nodes.someLive(
      ({ nodeId }) => nodeId !== except && !record.excludedNodes?.has(nodeId) && !pinnedElsewhere(record.plan, nodeId) && (record.failures?.get(nodeId) ?? 0) < maxFailures && !this._trust.workBlock(nodeId, now),
    );
  }

  /** Records a node's on-chain stake (boost, active stake, verifier); kept for a node that registers later. */
  applyStake(nodeId: string, stake: NodeStake): void {
    this._nodes.applyStake(nodeId, stake);
  }

  /** The node's settled profile (with its stake), if known. */
  node(nodeId: string): NodeProfile | undefined {
    return this._nodes.get(nodeId)?.profile;
  }

  /** Marks the node live and renews the listed leases it still holds. Throws `SCHEDULER.NODE_UNKNOWN`. */
  heartbeat(nodeId: string, now: number, leaseIds: readonly string[] = []): Renewal {
    this._nodes.touch(nodeId, now);
    return this._leases.renewLeases(nodeId, leaseIds, now, this._options.leaseTtlMs);
  }

  /**
   * Leases up to `slots` fragments to the node (fewer if its capacity slots are taken), each one
   * it can hold in the memory left by the previous ones. Counts as a heartbeat.
   * Throws `SCHEDULER.NODE_UNKNOWN`.
   */
  requestWork(request: WorkRequest): Assignment[] {
    this._nodes.touch(request.nodeId, request.now);
    // The same matching as the scheduler's decide, with the leases opened at once.
    const proposed = this.proposeWork(request, () => false);
    for (const { lease } of proposed) this.restoreLease(lease);
    return proposed;
  }

  /**
   * What `requestWork` would lease, without changing anything (decide): the leases are opened
   * only when their `FragmentAssigned` is recorded and evolved (see scheduler-decider).
   * `reserved` fragments (being recorded for another request) are passed over.
   */
  proposeWork(request: WorkRequest, reserved: (fragmentId: string) => boolean, leaseIdFactory?: LeaseIdFactory): Assignment[] {
    return this.proposeRound([request], reserved, leaseIdFactory)[0]!;
  }

  /**
   * What a round of requests arriving together would lease, one list per request (decide; see
   * shareRound): staked nodes get premium work first, then contended work is split in the ratio
   * of the nodes' stake boosts. Throws `SCHEDULER.NODE_UNKNOWN`.
   */
  proposeRound(requests: readonly WorkRequest[], reserved: (fragmentId: string) => boolean, leaseIdFactory?: LeaseIdFactory): Assignment[][] {
    const maxFailures = this._options.maxFailuresPerNode;
    const contenders: Contender[] = requests.map((request) => {
      const node = this._nodes.get(request.nodeId)?.profile;
      if (!node) throw new NotFoundError('SCHEDULER.NODE_UNKNOWN', `unknown node ${request.nodeId}`, { nodeId: request.nodeId });
      const excluded = (r: FragmentRecord) =>
        (r.failures?.get(node.nodeId) ?? 0) >= maxFailures || r.excludedNodes?.has(node.nodeId) === true || pinnedElsewhere(r.plan, node.nodeId);
      // A suspended node, or one owing a challenge answer, takes nothing new.
      const slots = this._trust.workBlock(node.nodeId, request.now) ? 0 : request.slots;
      return { node, freeMemoryBytes: request.freeMemoryBytes, slots, openLeases: this._leases.countFor(node.nodeId), excluded };
    });
    const valueCut = this._fragments.premiumValueCut();
    const anyPremium = valueCut < Infinity || this._queue.countByPriority()[2]! > 0;
    const premium = anyPremium ? (r: FragmentRecord) => r.plan.priority === 'high' || (r.plan.valuePerRow ?? -Infinity) > valueCut : undefined;
    const locality = this._localityRule();
    const rounds = shareRound(this._queue, this._share.clone(), contenders, { premium, reserved: (r) => reserved(r.plan.fragmentId), locality });
    // Taken only to look: back in the queue, where their arrival order puts them exactly as before.
    for (const matches of rounds) for (const { record } of matches) this._queue.push(record);
    const { leaseTtlMs } = this._options;
    const ids = leaseIdFactory ?? this._options.leaseIdFactory;
    return rounds.map((matches, i) => {
      const { nodeId, now } = requests[i]!;
      return matches.map(({ record: r, score }) => ({ fragment: r.plan, lease: grantLease({ fragmentId: r.plan.fragmentId, attempts: r.attempts }, nodeId, now, leaseTtlMs, ids), score }));
    });
  }

  /**
   * Leases that a sweep at `now` would end (decide): expired ones, then those of nodes silent
   * past the heartbeat timeout. Read only; evolve each recorded end with `endLease`, then
   * `markLost(lostNodes)`.
   */
  proposeSweep(now: number): { ended: { lease: Lease; reason: 'expired' | 'node-lost' }[]; lostNodes: string[] } {
    const ended: { lease: Lease; reason: 'expired' | 'node-lost' }[] = this._leases.expiredLeases(now).map((lease) => ({ lease, reason: 'expired' as const }));
    const seen = new Set(ended.map((e) => e.lease.leaseId));
    const lostNodes = this._nodes.silentNodes(now, this._options.heartbeatTimeoutMs).map((n) => n.profile.nodeId);
    for (const nodeId of lostNodes) {
      for (const leaseId of this._leases.idsFor(nodeId)) if (!seen.has(leaseId)) ended.push({ lease: this._leases.get(leaseId)!, reason: 'node-lost' });
    }
    return { ended, lostNodes };
  }

  /** Lost nodes no longer count as live until they speak again (liveness is not logged). */
  markLost(nodeIds: readonly string[]): void {
    this._nodes.markLost(nodeIds);
  }

  /** The node's open leases. */
  leasesOf(nodeId: string): Lease[] {
    return this._leases.idsFor(nodeId).map((id) => this._leases.get(id)!);
  }

  /** Whether the node is known (registered and not left). */
  hasNode(nodeId: string): boolean {
    return this._nodes.get(nodeId) !== undefined;
  }

  /** Forgets a node that left: no more work until it registers again. Its leases must be ended first. */
  removeNode(nodeId: string): boolean {
    this._share.forget(nodeId);
    this._locality.forgetNode(nodeId);
    return this._nodes.remove(nodeId);
  }

  /** Whether a result under this claim would be accepted now. */
  checkResult(claim: LeaseClaim): LeaseCheck {
    if (this._fragments.get(claim.fragmentId)?.status === 'abandoned') return { ok: false, code: 'LEASE.STALE' };
    return checkResult(this._openLease(claim.fragmentId), claim);
  }

  /** Accepts a result: the lease closes and the fragment is done. Refusals change nothing. */
  complete(fragmentId: string, leaseId: string, nodeId: string, now: number): Completion {
    const check = this.checkResult({ fragmentId, leaseId, nodeId, now });
    if (!check.ok) return check;
    this._leases.remove(leaseId);
    const record = this._fragments.get(fragmentId)!;
    const jobRemaining = this._fragments.completed(record);
    this._locality.untrack(record);
    record.completedLease = { leaseId, nodeId };
    return { ok: true, lease: check.lease, jobRemaining };
  }

  /**
   * Ends a lease without a result, 'released' by the node or 'failed' (result rejected), and
   * requeues the fragment; counts as a failure of that node.
   */
  release(fragmentId: string, leaseId: string, nodeId: string, now: number, reason: 'released' | 'failed' = 'released'): Release {
    const check = this.checkResult({ fragmentId, leaseId, nodeId, now });
    return check.ok ? { ok: true, ended: this._endLease(check.lease, reason) } : check;
  }

  /** Requeues expired leases, then the leases of nodes silent past the heartbeat timeout. */
  sweep(now: number): SweepResult {
    const ended = this._leases.expiredLeases(now).map((lease) => this._endLease(lease, 'expired'));
    const lost = this._nodes.lostNodes(now, this._options.heartbeatTimeoutMs).map((node) => node.profile.nodeId);
    for (const nodeId of lost) {
      for (const leaseId of this._leases.idsFor(nodeId)) ended.push(this._endLease(this._leases.get(leaseId)!, 'node-lost'));
    }
    return { ended, lostNodes: lost };
  }

  /** The job's open leases (its fragments' and its replicas'), without changing anything. */
  leasesOfJob(jobId: string): Lease[] {
    return this._fragments.ofJob(jobId).flatMap((record) => {
      const lease = record.status === 'leased' ? this._leases.get(record.leaseId!) : undefined;
      return lease ? [lease] : [];
    });
  }

  /** Forgets a job: drops its pending fragments and returns its open leases to revoke. Also frees a finished job. */
  cancelJob(jobId: string): Cancellation {
    const dropped: string[] = [];
    const revoked: Lease[] = [];
    this.reveals.forgetJob(jobId);
    for (const record of this._fragments.removeJob(jobId)) {
      this._locality.untrack(record);
      if (record.status === 'queued' && this._queue.remove(record)) dropped.push(record.plan.fragmentId);
      if (record.status === 'leased') revoked.push(this._leases.remove(record.leaseId!)!);
    }
    return { dropped, revoked };
  }

  /**
   * Its job gave these fragments up (JobFragmentsAbandoned): out of the queue, open leases closed
   * (returned, to record as ended 'cancelled'); the records stay as `abandoned` until the job is
   * forgotten, so a late result or commit under their leases is refused as LEASE.STALE.
   * Unknown or already abandoned ids are passed over (replays are harmless).
   */
  abandonFragments(fragmentIds: readonly string[]): { revoked: Lease[] } {
    const revoked: Lease[] = [];
    for (const fragmentId of fragmentIds) {
      const record = this._fragments.get(fragmentId);
      if (!record || record.status === 'abandoned') continue;
      if (record.status === 'queued') this._queue.remove(record);
      if (record.status === 'leased') revoked.push(this._leases.remove(record.leaseId!)!);
      this._locality.untrack(record);
      this._fragments.abandoned(record);
    }
    return { revoked };
  }

  /**
   * Replays a recorded assignment (`FragmentAssigned`) when rebuilding: the queued fragment is
   * leased under exactly this lease. False when the fragment is unknown or not queued.
   */
  restoreLease(lease: Lease): boolean {
    const record = this._fragments.get(lease.fragmentId);
    // Attempts are counted from the log, even when the lease cannot be opened, so an id never repeats.
    if (record) record.attempts = Math.max(record.attempts, lease.attempt);
    if (!record || record.status !== 'queued' || !this._queue.remove(record)) return false;
    this._open(record, lease);
    return true;
  }

  /**
   * Ends an open lease for a reason established elsewhere, e.g. replaying `FragmentLeaseEnded`:
   * requeues the fragment and counts a failure of the node. Undefined when the lease is not open.
   */
  endLease(leaseId: string, reason: RequeueReason): LeaseEnd | undefined {
    const lease = this._leases.get(leaseId);
    return lease && this._endLease(lease, reason);
  }

  /** The fragment's plan, status and open lease, if the scheduler holds it. */
  fragment(fragmentId: string): FragmentView | undefined {
    const record = this._fragments.get(fragmentId);
    if (!record) return undefined;
    return { plan: record.plan, status: record.status, attempts: record.attempts, lease: this._openLease(fragmentId) };
  }

  stats(): SchedulerStats {
    const [low, normal, high] = this._queue.countByPriority() as [number, number, number];
    return {
      nodes: this._nodes.size,
      liveNodes: this._nodes.liveCount,
      queued: this._queue.size,
      queuedByPriority: { high, normal, low },
      leased: this._leases.size,
      completed: this._fragments.completedCount,
      jobs: this._fragments.jobCount,
    };
  }

  /** Tier and reputation the reputation service recorded, else the benchmark's tier (capped while verification is required). */
  private _trustFields(input: NodeInput): Pick<NodeInput, 'tier' | 'reputation'> {
    const { reputation } = this._trust.trustOf(input.nodeId);
    const tier = this._trust.tierOf(input.nodeId) ?? input.tier ?? (this._options.verification === 'required' ? unratedTier(input.gflops) : undefined);
    return { tier, reputation: reputation ?? input.reputation };
  }

  /** Locality for a matching round: local fragments never jump ahead of higher-priority queued work. */
  private _localityRule() {
    const counts = this._queue.countByPriority();
    const topPriorityRank = counts.findLastIndex((count) => count > 0);
    return {
      find: (seat: { node: NodeProfile; freeBytes: number; excluded: (r: FragmentRecord) => boolean }) => this._locality.findLocal({ ...seat, topPriorityRank }),
      holds: (nodeId: string, inputHash: string | undefined) => this._locality.holds(nodeId, inputHash),
    };
  }

  private _open(record: FragmentRecord, lease: Lease): void {
    this._locality.remember(lease.nodeId, record.plan);
    this._share.charge(lease.nodeId, this._nodes.get(lease.nodeId)?.profile.stakeBoost ?? 1);
    record.attempts = Math.max(record.attempts, lease.attempt);
    record.status = 'leased';
    record.leaseId = lease.leaseId;
    this._leases.add(lease);
  }

  /**
   * Closes the lease, records the node's failure and puts the fragment back in its place in the
   * queue, unless it has now failed too often (then it is exhausted and stays out of the queue).
   */
  private _endLease(lease: Lease, reason: RequeueReason): LeaseEnd {
    this._leases.remove(lease.leaseId);
    this._earlyVerdicts.delete(lease.leaseId);
    const record = this._fragments.get(lease.fragmentId)!;
    record.leaseId = undefined;
    record.failures ??= new Map();
    const failures = (record.failures.get(lease.nodeId) ?? 0) + 1;
    record.failures.set(lease.nodeId, failures);
    if (reason !== 'released') record.failedAttempts++;
    const fragmentExhausted = record.failedAttempts >= this._options.maxFailedAttempts;
    record.status = fragmentExhausted ? 'exhausted' : 'queued';
    if (!fragmentExhausted) this._queue.push(record);
    return { lease, reason, nodeExcluded: failures >= this._options.maxFailuresPerNode, fragmentExhausted };
  }

  private _openLease(fragmentId: string): Lease | undefined {
    const leaseId = this._fragments.get(fragmentId)?.leaseId;
    return leaseId === undefined ? undefined : this._leases.get(leaseId);
  }
}
