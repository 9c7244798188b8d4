import type { leaseEndReasons } from '@corex/events';
import { attemptLeaseId, type Lease, type LeaseIdFactory, type LeaseRefusalCode } from '../leases/lease';
import type { FragmentStatus } from '../matching/fragment-record';
import type { ScoreBreakdown } from '../matching/score';
import type { FragmentPlan } from '../planning/plan-fragments';

/** Tuning of a SchedulerState; every field has a default. */
export interface SchedulerOptions {
  /** How long a lease runs without renewal (default 60 s). */
  readonly leaseTtlMs?: number;
  /** Silence after which a node counts as lost and its leases are requeued (default 30 s). */
  readonly heartbeatTimeoutMs?: number;
  /** Failed leases of one fragment after which a node no longer gets it (default 2). */
  readonly maxFailuresPerNode?: number;
  /**
   * Failed leases of one fragment, on any nodes, after which it is given up (default 4, as
   * Spark's task.maxFailures): a fragment that crashes every node would otherwise wait forever.
   * Expired, lost and failed leases count; a node releasing a lease at shutdown does not.
   */
  readonly maxFailedAttempts?: number;
  /** Lease ids (default `${fragmentId}-a${attempt}`). */
  readonly leaseIdFactory?: LeaseIdFactory;
  /**
   * `required` (default): a completed fragment counts only once verified, a fraud or rejection
   * verdict puts it back in the queue, and a node the reputation service has not tiered earns at
   * most 'standard'. `off`: completed counts and benchmarks set tiers (no verifier running).
   */
  readonly verification?: VerificationMode;
}

export type VerificationMode = 'required' | 'off';

/** The options with defaults filled in. */
export function withDefaults(options: SchedulerOptions): Required<SchedulerOptions> {
  return {
    leaseTtlMs: options.leaseTtlMs ?? 60_000,
    heartbeatTimeoutMs: options.heartbeatTimeoutMs ?? 30_000,
    maxFailuresPerNode: options.maxFailuresPerNode ?? 2,
    maxFailedAttempts: options.maxFailedAttempts ?? 4,
    leaseIdFactory: options.leaseIdFactory ?? attemptLeaseId,
    verification: options.verification ?? 'required',
  };
}

/** A node asking for work (epoch ms `now`). */
export interface WorkRequest {
  readonly nodeId: string;
  readonly freeMemoryBytes: number;
  /** Fragments wanted; capped by the node's free capacity slots. */
  readonly slots: number;
  readonly now: number;
}

/** A fragment given to a node, with its lease and why the node got it. */
export interface Assignment {
  readonly fragment: FragmentPlan;
  readonly lease: Lease;
  readonly score: ScoreBreakdown;
}

export type LeaseEndReason = (typeof leaseEndReasons)[number];
/** Why a lease ended and its fragment went back to the queue (cancelled work is not requeued). */
export type RequeueReason = Exclude<LeaseEndReason, 'cancelled'>;

/** A lease that ended without a result. */
export interface LeaseEnd {
  readonly lease: Lease;
  readonly reason: RequeueReason;
  /** The failure reached the limit: the node will not get this fragment again. */
  readonly nodeExcluded: boolean;
  /** The fragment failed too often on any nodes: it is not requeued, its job should fail. */
  readonly fragmentExhausted: boolean;
}

export type Completion =
  | { readonly ok: true; readonly lease: Lease; /** Fragments of the job not yet completed. */ readonly jobRemaining: number }
  | { readonly ok: false; readonly code: LeaseRefusalCode };

export type Release = { readonly ok: true; readonly ended: LeaseEnd } | { readonly ok: false; readonly code: LeaseRefusalCode };

/** What the sweeper found; every ended lease's fragment is back in the queue. */
export interface SweepResult {
  readonly ended: readonly LeaseEnd[];
  readonly lostNodes: readonly string[];
}

/** What cancelling a job removed. */
export interface Cancellation {
  /** Fragments dropped from the queue. */
  readonly dropped: readonly string[];
  /** Open leases to revoke (their results will be refused). */
  readonly revoked: readonly Lease[];
}

/** A fragment as the scheduler sees it now. */
export interface FragmentView {
  readonly plan: FragmentPlan;
  readonly status: FragmentStatus;
  readonly attempts: number;
  readonly lease: Lease | undefined;
}

export interface SchedulerStats {
  readonly nodes: number;
  readonly liveNodes: number;
  readonly queued: number;
  readonly queuedByPriority: { readonly high: number; readonly normal: number; readonly low: number };
  readonly leased: number;
  readonly completed: number;
  readonly jobs: number;
}

/** A verdict against a completed result put its fragment back (or gave it up: exhausted). */
export interface Reopened {
  readonly jobId: string;
  readonly fragmentId: string;
  readonly nodeId: string;
  readonly fragmentExhausted: boolean;
}
