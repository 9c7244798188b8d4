import {
  ChallengeIssued,
  ChallengeJudged,
  FragmentRejected,
  FragmentVerified,
  FraudDetected,
  NodeEvicted,
  NodeSuspended,
  ReputationChanged,
  TierChanged,
  type ChallengeIssuedData,
  type ChallengeJudgedData,
  type FragmentRejectedData,
  type FragmentVerifiedData,
  type FraudDetectedData,
  type NodeEvictedData,
  type NodeSuspendedData,
  type ReputationChangedData,
  type TierChangedData,
} from '@corex/events';
import type { SchedulerState } from './scheduler-state';
import type { Reopened } from './scheduler-types';

/** What evolving a trust event did that the app acts on. */
export interface TrustEvolved {
  /** The fragment's completed result is verified: it now counts for its job (not for replicas). */
  readonly verified?: { readonly jobId: string; readonly fragmentId: string; readonly leaseId: string };
  /** A verdict against a completed result put the fragment back in the queue (or exhausted it). */
  readonly reopened?: Reopened;
  /** The node was evicted: its open leases must end. */
  readonly evicted?: string;
}

/** Replica ids are `<fragmentId>-r<n>` (ReplicaPlanned): their results never count for the job. */
export function isReplicaId(fragmentId: string): boolean {
  return /-r\d+$/.test(fragmentId);
}

/**
 * Applies a verdict or a reputation event (libs/events trust.ts) to the scheduler state; undefined
 * for any other event. The scheduler does not care who recorded it: the log is the authority.
 */
export function evolveTrust(state: SchedulerState, event: { type: string; data: unknown }): TrustEvolved | undefined {
  switch (event.type) {
    case FragmentVerified.type: {
      const d = event.data as FragmentVerifiedData;
      state.trust.fragmentVerified(d.nodeId);
      if (isReplicaId(d.fragmentId)) return {};
      if (state.completedUnder(d.fragmentId, d.leaseId)) return { verified: { jobId: d.jobId, fragmentId: d.fragmentId, leaseId: d.leaseId } };
      state.verdictBeforeResult(d.fragmentId, d.leaseId, { kind: 'verified', jobId: d.jobId });
      return {};
    }
    case FragmentRejected.type: {
      const d = event.data as FragmentRejectedData;
      return reopen(state, d.fragmentId, d.leaseId, false);
    }
    case FraudDetected.type: {
      const d = event.data as FraudDetectedData;
      // Benchmark fraud names a challenge, not a result: the reputation service answers it.
      return d.fragmentId && d.leaseId ? reopen(state, d.fragmentId, d.leaseId, true) : {};
    }
    case ReputationChanged.type: {
      const d = event.data as ReputationChangedData;
      state.reputationChanged(d.nodeId, d.score, d.indicators['verified']);
      return {};
    }
    case TierChanged.type: {
      const d = event.data as TierChangedData;
      state.tierChanged(d.nodeId, d.to);
      return {};
    }
    case NodeSuspended.type: {
      const d = event.data as NodeSuspendedData;
      state.trust.suspended(d.nodeId, Date.parse(d.until));
      return {};
    }
    case NodeEvicted.type: {
      const d = event.data as NodeEvictedData;
      state.evictNode(d.nodeId);
      return { evicted: d.nodeId };
    }
    case ChallengeIssued.type: {
      const d = event.data as ChallengeIssuedData;
      state.trust.challengeIssued(d.nodeId, d.challengeId, Date.parse(d.issuedAt));
      return {};
    }
    case ChallengeJudged.type: {
      const d = event.data as ChallengeJudgedData;
      state.trust.challengeJudged(d.nodeId, d.challengeId);
      return {};
    }
    default:
      return undefined;
  }
}

function reopen(state: SchedulerState, fragmentId: string, leaseId: string, fraud: boolean): TrustEvolved {
  // A replica's verdict only feeds the verifier's comparison; the replica is not redone here.
  if (isReplicaId(fragmentId)) return {};
  if (!state.completedUnder(fragmentId, leaseId)) {
    state.verdictBeforeResult(fragmentId, leaseId, { kind: 'reopen', fraud });
    return {};
  }
  const reopened = state.reopen(fragmentId, leaseId, fraud);
  return reopened ? { reopened } : {};
}

/** FragmentCompleted applied: a verdict that came before it takes effect now. */
export function applyEarlyVerdict(state: SchedulerState, fragmentId: string, leaseId: string): TrustEvolved {
  const verdict = state.takeEarlyVerdict(leaseId);
  if (!verdict) return {};
  if (verdict.kind === 'verified') return { verified: { jobId: verdict.jobId, fragmentId, leaseId } };
  return reopen(state, fragmentId, leaseId, verdict.fraud);
}
