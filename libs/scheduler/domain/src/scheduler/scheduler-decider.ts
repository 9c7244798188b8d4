import {
  FragmentAssigned,
  FragmentCompleted,
  FragmentLeaseEnded,
  NodeBenchmarked,
  NodeLeft,
  StakeChanged,
  type AttemptError,
  type FragmentAssignedData,
  type FragmentCompletedData,
  type FragmentLeaseEndedData,
  type NodeBenchmarkedData,
  type NodeLeftData,
  type StakeChangedData,
} from '@corex/events';
import { IllegalStateError } from '@corex/platform';
import { epochLeaseId, type Lease, type LeaseRefusalCode } from '../leases/lease';
import { nodeInputFromReport } from '../nodes/node-profile';
import { evolveCommitReveal } from '../commit-reveal/evolve-commit-reveal';
import type { SchedulerState } from './scheduler-state';
import type { Assignment, Reopened } from './scheduler-types';
import { applyEarlyVerdict, evolveTrust, type TrustEvolved } from './trust-evolve';

/**
 * The scheduler as a decider: `decide*` read the state and return the events to record (they
 * change nothing); `evolveScheduler` applies a recorded event. Live handling is decide → append →
 * evolve, and replay at start-up is evolve over the log: the same function, so memory and log
 * cannot diverge. A failed append simply leaves the state as it was.
 */

/** An event to record, with its deterministic id (the log dedupes on it). */
export interface SchedulerEvent<T extends string = string, D = unknown> {
  readonly type: T;
  readonly id: string;
  readonly data: D;
}
export type AssignedEvent = SchedulerEvent<typeof FragmentAssigned.type, FragmentAssignedData>;
export type CompletedEvent = SchedulerEvent<typeof FragmentCompleted.type, FragmentCompletedData>;
export type LeaseEndedEvent = SchedulerEvent<typeof FragmentLeaseEnded.type, FragmentLeaseEndedData>;
export type NodeLeftEvent = SchedulerEvent<typeof NodeLeft.type, NodeLeftData>;

/** A result, release or leave refused by the lease rules; carries the LEASE.* code. */
export class SchedulerLeaseRefused extends IllegalStateError {
  constructor(readonly refusal: LeaseRefusalCode) {
    super(refusal, `lease refused: ${refusal}`);
  }
}

export interface RequestWorkCommand {
  readonly nodeId: string;
  readonly freeMemoryBytes: number;
  readonly slots: number;
  readonly now: number;
  /** Leader epoch, part of every lease id (0: no epoch, ids `<fragment>-a<attempt>`). */
  readonly epoch: number;
  /** Fragments another decision is recording right now. */
  readonly reserved?: (fragmentId: string) => boolean;
}

/** Leases for a node asking for work, each as a `FragmentAssigned` to record. Throws `SCHEDULER.NODE_UNKNOWN`. */
export function decideWork(state: SchedulerState, command: RequestWorkCommand): { event: AssignedEvent; assignment: Assignment }[] {
  return decideWorkRound(state, [command])[0]!;
}

/**
 * Leases for requests that arrived together (same epoch and reservations: the first command's),
 * one list per command: staked nodes get premium work first and contended work is split in the
 * ratio of the stake boosts (SchedulerState.proposeRound). Throws `SCHEDULER.NODE_UNKNOWN`.
 */
export function decideWorkRound(state: SchedulerState, commands: readonly RequestWorkCommand[]): { event: AssignedEvent; assignment: Assignment }[][] {
  if (commands.length === 0) return [];
  const { epoch, reserved } = commands[0]!;
  const ids = epoch > 0 ? epochLeaseId(epoch) : undefined;
  const proposed = state.proposeRound(commands, reserved ?? (() => false), ids);
  return proposed.map((assignments, i) => assignments.map((assignment) => assignedEvent(assignment, commands[i]!.now)));
}

function assignedEvent(assignment: Assignment, now: number): { event: AssignedEvent; assignment: Assignment } {
  const { fragment, lease, score } = assignment;
  const data = {
    fragmentId: fragment.fragmentId,
    jobId: fragment.jobId,
    nodeId: lease.nodeId,
    leaseId: lease.leaseId,
    attempt: lease.attempt,
    score: { ...score },
    assignedAt: new Date(now).toISOString(),
    leaseExpiresAt: new Date(lease.expiresAt).toISOString(),
  };
  return { event: { type: FragmentAssigned.type, id: `assigned-${lease.leaseId}`, data }, assignment };
}

export interface CompleteCommand {
  readonly fragmentId: string;
  readonly leaseId: string;
  readonly nodeId: string;
  readonly now: number;
  readonly resultHash: string;
  readonly durationMs: number;
  readonly rowsProcessed: number;
  readonly metrics: Record<string, number>;
  readonly signature: string;
  /** The commitment the result opened, and its salt (commit-reveal). */
  readonly commitment?: string;
  readonly salt?: string;
}

/** A result under the current lease, before it expires. Throws SchedulerLeaseRefused. */
export function decideCompletion(state: SchedulerState, c: CompleteCommand): CompletedEvent {
  const lease = openLease(state, c);
  const data = {
    fragmentId: c.fragmentId,
    jobId: jobOf(state, c.fragmentId),
    nodeId: c.nodeId,
    leaseId: lease.leaseId,
    resultHash: c.resultHash,
    durationMs: c.durationMs,
    rowsProcessed: c.rowsProcessed,
    metrics: c.metrics,
    signature: c.signature,
    ...(c.commitment && c.salt ? { commitment: c.commitment, salt: c.salt } : {}),
    completedAt: new Date(c.now).toISOString(),
  };
  return { type: FragmentCompleted.type, id: `completed-${lease.leaseId}`, data };
}

export interface EndLeaseCommand {
  readonly fragmentId: string;
  readonly leaseId: string;
  readonly nodeId: string;
  readonly now: number;
  /** `released`: not the node's fault (shutdown, leave); `failed`: it is (error, refused result). */
  readonly reason: 'released' | 'failed';
  /** Why it failed, when known: the node's error, or why its result was refused (see attempt-error). */
  readonly error?: AttemptError | null;
}

/** A node gives a lease back, or its result was refused. Throws SchedulerLeaseRefused. */
export function decideLeaseEnd(state: SchedulerState, c: EndLeaseCommand): LeaseEndedEvent {
  return leaseEnded(state, openLease(state, c), c.reason, c.now, c.error ?? undefined);
}

/**
 * Expired leases and the leases of nodes silent past the heartbeat timeout. A lease the node may
 * never have heard of (`unconfirmed`: its assignment's append failed on our side, yet reached the
 * log) ends as `released`: an infrastructure error is never charged to a node.
 */
export function decideSweep(state: SchedulerState, now: number, unconfirmed: (leaseId: string) => boolean = () => false): { events: LeaseEndedEvent[]; lostNodes: string[] } {
  const { ended, lostNodes } = state.proposeSweep(now);
  return { events: ended.map(({ lease, reason }) => leaseEnded(state, lease, unconfirmed(lease.leaseId) ? 'released' : reason, now)), lostNodes };
}

/** A node leaves: every open lease of it is released (not charged), then it is forgotten. */
export function decideLeave(state: SchedulerState, c: { nodeId: string; now: number; reason: 'shutdown' | 'maintenance' }): { ended: LeaseEndedEvent[]; left: NodeLeftEvent } {
  const ended = state.leasesOf(c.nodeId).map((lease) => leaseEnded(state, lease, 'released', c.now));
  const left = { type: NodeLeft.type, id: `left-${c.nodeId}-${c.now}`, data: { nodeId: c.nodeId, reason: c.reason, leftAt: new Date(c.now).toISOString() } };
  return { ended, left };
}

/**
 * The job ended (its owner cancelled it, or it completed or failed while leases were still open,
 * e.g. a replica's): every lease open on it ends `cancelled`, at the job's end, since the job no
 * longer needs it. Not the nodes' fault: evolving these ends requeues nothing and counts no
 * failure (the job's end forgets its fragments). The ids are the lease's one end id, so a
 * replayed or repeated decision cannot end a lease twice.
 */
export function decideJobEnd(state: SchedulerState, c: { jobId: string; endedAt: string }): LeaseEndedEvent[] {
  return state.leasesOfJob(c.jobId).map((lease) => leaseEnded(state, lease, 'cancelled', Date.parse(c.endedAt)));
}

/** What evolving an event did that the app acts on. */
export interface Evolved {
  /** A fragment failed on too many leases: its job must fail. */
  readonly exhausted?: { readonly jobId: string; readonly fragmentId: string };
  /** A fragment went back to the queue (wake long-polling requests). */
  readonly requeued?: boolean;
  /** A fragment's completed result was verified: it counts for its job now. */
  readonly verified?: { readonly jobId: string; readonly fragmentId: string; readonly leaseId: string };
  /** A verdict against a completed result reopened the fragment (requeued unless exhausted). */
  readonly reopened?: Reopened;
  /** A node was evicted: end its open leases (see decideEviction). */
  readonly evicted?: string;
}

export interface EvolveContext {
  /** Epoch ms now. */
  readonly now: number;
  /** Renewals are not logged: a restored lease gets at least one TTL from now so its node can heartbeat again. */
  readonly leaseTtlMs: number;
}

/** Applies one recorded event (live or replayed) to the state. Events it does not know are ignored. */
export function evolveScheduler(state: SchedulerState, event: { type: string; data: unknown }, ctx: EvolveContext): Evolved {
  const replicaQueued = evolveCommitReveal(state, event);
  if (replicaQueued) return { requeued: true };
  switch (event.type) {
    case NodeBenchmarked.type: {
      const d = event.data as NodeBenchmarkedData;
      state.upsertNode(nodeInputFromReport(d.nodeId, d.hardware, d.benchmark), ctx.now);
      return {};
    }
    case NodeLeft.type:
      state.removeNode((event.data as NodeLeftData).nodeId);
      return {};
    case StakeChanged.type: {
      const d = event.data as StakeChangedData;
      // A stake whose node id the ingest could not name (no registered node hashes to it) has no node to boost.
      if (d.nodeId) state.applyStake(d.nodeId, { activeWei: BigInt(d.active), boostBps: d.boostBps, verifier: d.verifier });
      return {};
    }
    case FragmentAssigned.type: {
      const d = event.data as FragmentAssignedData;
      const expiresAt = Math.max(Date.parse(d.leaseExpiresAt), ctx.now + ctx.leaseTtlMs);
      state.restoreLease({ leaseId: d.leaseId, fragmentId: d.fragmentId, nodeId: d.nodeId, attempt: d.attempt, expiresAt });
      return {};
    }
    case FragmentCompleted.type: {
      const d = event.data as FragmentCompletedData;
      // The log accepted this result; the lease's recorded expiry may lie before it (renewals are not logged).
      state.complete(d.fragmentId, d.leaseId, d.nodeId, -Infinity);
      // A verdict on this result may have been delivered here before it (see verdictBeforeResult).
      return withRequeue(applyEarlyVerdict(state, d.fragmentId, d.leaseId));
    }
    case FragmentLeaseEnded.type: {
      const d = event.data as FragmentLeaseEndedData;
      // Cancelled work (job cancelled, fragments abandoned) was closed by its job's event: nothing to requeue, no one at fault.
      if (d.reason === 'cancelled') return {};
      const end = state.endLease(d.leaseId, d.reason);
      if (!end) return {};
      return end.fragmentExhausted ? { exhausted: { jobId: d.jobId, fragmentId: d.fragmentId } } : { requeued: true };
    }
    default: {
      const trust = evolveTrust(state, event);
      return trust ? withRequeue(trust) : {};
    }
  }
}

/** A reopened fragment is requeued, or its job fails when it is exhausted. */
function withRequeue(trust: TrustEvolved): Evolved {
  const { reopened } = trust;
  if (!reopened) return trust;
  return reopened.fragmentExhausted ? { ...trust, exhausted: { jobId: reopened.jobId, fragmentId: reopened.fragmentId } } : { ...trust, requeued: true };
}

/**
 * An evicted node's open leases end `released`: the eviction is the network's decision about the
 * node, not a failure of the fragments, so they are requeued without counting toward exhaustion.
 */
export function decideEviction(state: SchedulerState, c: { nodeId: string; now: number }): LeaseEndedEvent[] {
  const error = { code: 'NODE.EVICTED', message: 'the node was evicted; its leases were taken back' };
  return state.leasesOf(c.nodeId).map((lease) => leaseEnded(state, lease, 'released', c.now, error));
}

function openLease(state: SchedulerState, c: { fragmentId: string; leaseId: string; nodeId: string; now: number }): Lease {
  const check = state.checkResult(c);
  if (!check.ok) throw new SchedulerLeaseRefused(check.code);
  return check.lease;
}

function leaseEnded(state: SchedulerState, lease: Lease, reason: FragmentLeaseEndedData['reason'], now: number, error?: AttemptError): LeaseEndedEvent {
  const data = {
    fragmentId: lease.fragmentId,
    jobId: jobOf(state, lease.fragmentId),
    nodeId: lease.nodeId,
    leaseId: lease.leaseId,
    reason,
    ...(error ? { error } : {}),
    endedAt: new Date(now).toISOString(),
  };
  return { type: FragmentLeaseEnded.type, id: `ended-${lease.leaseId}`, data };
}

function jobOf(state: SchedulerState, fragmentId: string): string {
  return state.fragment(fragmentId)!.plan.jobId;
}
