import {
  ReplicaPlanned,
  ResultCommitted,
  ResultViolation,
  type FragmentTask,
  type ReplicaPlannedData,
  type ResultCommittedData,
  type ResultViolationData,
} from '@corex/events';
import type { LeaseRefusalCode } from '../leases/lease';
import type { SchedulerEvent } from '../scheduler/scheduler-decider';
import type { SchedulerState } from '../scheduler/scheduler-state';

export type CommittedEvent = SchedulerEvent<typeof ResultCommitted.type, ResultCommittedData>;
export type ViolationEvent = SchedulerEvent<typeof ResultViolation.type, ResultViolationData>;
export type ReplicaPlannedEvent = SchedulerEvent<typeof ReplicaPlanned.type, ReplicaPlannedData>;

/** Default of REPLICA_WAIT_MS: a replica without a lease this long stops holding its group's reveals. */
export const REPLICA_WAIT_MS = 20_000;
/** How long a node whose reveal the replica gate holds waits before sending it again. */
export const REVEAL_RETRY_MS = 1_000;

export interface CommitCommand {
  readonly fragmentId: string;
  readonly leaseId: string;
  readonly nodeId: string;
  readonly commitment: string;
  readonly now: number;
}

export type CommitDecision =
  | { readonly ok: true; readonly event?: CommittedEvent }
  | { readonly ok: false; readonly code: LeaseRefusalCode | 'COMMIT.ALREADY_COMMITTED' };

/**
 * A node commits to its result under its open lease. The same commitment again is ok and records
 * nothing (a retry after a lost reply); a different one for that lease is refused.
 */
export function decideCommit(state: SchedulerState, c: CommitCommand): CommitDecision {
  const recorded = state.reveals.commitmentOf(c.fragmentId, c.leaseId);
  if (recorded !== undefined && state.reveals.holderOf(c.fragmentId, c.leaseId) === c.nodeId) {
    return recorded === c.commitment ? { ok: true } : { ok: false, code: 'COMMIT.ALREADY_COMMITTED' };
  }
  const check = state.checkResult(c);
  if (!check.ok) return check;
  const data = {
    fragmentId: c.fragmentId,
    jobId: state.fragment(c.fragmentId)!.plan.jobId,
    nodeId: c.nodeId,
    leaseId: c.leaseId,
    commitment: c.commitment,
    committedAt: new Date(c.now).toISOString(),
  };
  return { ok: true, event: { type: ResultCommitted.type, id: `committed-${c.leaseId}`, data } };
}

export interface RevealCommand {
  readonly fragmentId: string;
  readonly leaseId: string;
  readonly nodeId: string;
  readonly resultHash: string;
  /** The node's signature over the result message and the sha256 of its signed bytes. */
  readonly signature: string;
  readonly messageHash: string;
  /** Whether the reveal (hash and salt) opens this commitment (resultCommitment, @corex/node-protocol). */
  readonly opens: (commitment: string) => boolean;
  readonly now: number;
  /** REPLICA_WAIT_MS. */
  readonly replicaWaitMs?: number;
}

export type RevealDecision =
  /** The identical result was accepted already: answer ok, record nothing. */
  | { readonly outcome: 'redelivered' }
  /** A violation to record (with the node's signature); a reveal-mismatch also fails its lease (the caller records that). */
  | { readonly outcome: 'violation'; readonly event: ViolationEvent }
  | { readonly outcome: 'refused'; readonly code: LeaseRefusalCode | 'REVEAL.NOT_COMMITTED' | 'REVEAL.TOO_EARLY'; readonly retryAfterMs?: number }
  /** The reveal opens its commitment: validate the result, then record its completion with this commitment. */
  | { readonly outcome: 'open'; readonly commitment: string };

/**
 * The commit-reveal checks of a result, in order: a re-delivery or a second result for a lease
 * already completed; a lease of the fragment this node never held; the lease itself (as for any
 * result: an expired lease of the node's own is a plain refusal); the commitment recorded for
 * the lease and whether the salt opens it; the replica gate.
 */
export function decideReveal(state: SchedulerState, c: RevealCommand): RevealDecision {
  const book = state.reveals;
  const fragment = state.fragment(c.fragmentId);
  if (!fragment) return book.wasAccepted(c.leaseId, c.nodeId, c.signature) ? { outcome: 'redelivered' } : { outcome: 'refused', code: 'LEASE.UNKNOWN_FRAGMENT' };
  const done = book.completedResult(c.fragmentId);
  if (done && done.leaseId === c.leaseId && done.nodeId === c.nodeId) {
    if (done.signature === c.signature) return { outcome: 'redelivered' };
    return violation(state, c, 'duplicate-result', `lease ${c.leaseId} was completed already with another signed result`);
  }
  if (book.holderOf(c.fragmentId, c.leaseId) !== c.nodeId) {
    return violation(state, c, 'unleased-result', `the node never held lease ${c.leaseId} of ${c.fragmentId}`);
  }
  const check = state.checkResult(c);
  if (!check.ok) return { outcome: 'refused', code: check.code };
  const commitment = book.commitmentOf(c.fragmentId, c.leaseId);
  if (commitment === undefined) return { outcome: 'refused', code: 'REVEAL.NOT_COMMITTED' };
  if (!c.opens(commitment)) return violation(state, c, 'reveal-mismatch', `the result hash and salt do not open commitment ${commitment}`);
  if (gateHolds(state, c.fragmentId, c.nodeId, c.now, c.replicaWaitMs ?? REPLICA_WAIT_MS)) {
    return { outcome: 'refused', code: 'REVEAL.TOO_EARLY', retryAfterMs: REVEAL_RETRY_MS };
  }
  return { outcome: 'open', commitment };
}

/**
 * The replica gate: a reveal waits while another member of its group (the original and its
 * policy replicas) holds an open lease without a commitment, or has had no lease for less than
 * `waitMs` while some live node other than the revealer could take it (a replica nobody took,
 * or nobody else can take, does not hold it).
 */
export function gateHolds(state: SchedulerState, fragmentId: string, revealer: string, now: number, waitMs: number): boolean {
  for (const member of state.reveals.gatedWith(fragmentId)) {
    const view = state.fragment(member);
    if (!view || view.status === 'completed' || view.status === 'exhausted' || view.status === 'abandoned') continue;
    if (view.lease) {
      if (state.reveals.commitmentOf(member, view.lease.leaseId) === undefined) return true;
      continue;
    }
    const since = state.reveals.unleasedSince(member);
    // The revealing node itself does not count: it would wait for work only it could do.
    if (since !== undefined && now - since < waitMs && state.anyLiveTakerFor(member, now, revealer)) return true;
  }
  return false;
}

function violation(state: SchedulerState, c: RevealCommand, kind: ResultViolationData['kind'], detail: string): RevealDecision {
  const data = {
    fragmentId: c.fragmentId,
    jobId: state.fragment(c.fragmentId)!.plan.jobId,
    nodeId: c.nodeId,
    leaseId: c.leaseId,
    kind,
    resultHash: c.resultHash,
    messageHash: c.messageHash,
    signature: c.signature,
    detail,
    observedAt: new Date(c.now).toISOString(),
  };
  return { outcome: 'violation', event: { type: ResultViolation.type, id: `violation-${kind}-${c.messageHash}`, data } };
}

export interface PlanReplicaCommand {
  /** The original fragment (never a replica). */
  readonly fragmentId: string;
  readonly task: FragmentTask;
  readonly reason: 'policy' | 'escalated';
  /** Nodes that may not run the replica: the original's node (and earlier members'). */
  readonly excludeNodes: readonly string[];
  readonly now: number;
}

/**
 * The next replica of a fragment (`<fragmentId>-r<n>`), or undefined: the fragment is unknown, is
 * itself a replica, or (policy) has a policy replica already.
 */
export function decideReplica(state: SchedulerState, c: PlanReplicaCommand): ReplicaPlannedEvent | undefined {
  const fragment = state.fragment(c.fragmentId);
  if (!fragment || fragment.status === 'abandoned' || state.reveals.isReplica(c.fragmentId) || fragment.plan.replicaOf !== undefined) return undefined;
  if (c.reason === 'policy' && state.reveals.hasPolicyReplica(c.fragmentId)) return undefined;
  const replicaId = `${c.fragmentId}-r${state.reveals.replicaCount(c.fragmentId) + 1}`;
  const { plan } = fragment;
  const data = {
    fragmentId: replicaId,
    replicaOf: c.fragmentId,
    jobId: plan.jobId,
    index: plan.index,
    rowRange: [plan.rowRange[0], plan.rowRange[1]] as [number, number],
    size: plan.size,
    task: c.task,
    excludeNodes: [...new Set(c.excludeNodes)].slice(0, 64),
    reason: c.reason,
    plannedAt: new Date(c.now).toISOString(),
  };
  return { type: ReplicaPlanned.type, id: `replica-planned-${replicaId}`, data };
}
