import {
  FragmentAssigned,
  FragmentCompleted,
  FragmentLeaseEnded,
  FragmentRejected,
  FragmentRewarded,
  FragmentVerified,
  FraudDetected,
  VerificationEscalated,
  type AttemptError,
  type CheckRecord,
  type EventEnvelope,
  type FragmentAssignedData,
  type FragmentCompletedData,
  type FragmentLeaseEndedData,
  type FragmentRejectedData,
  type FragmentRewardedData,
  type FragmentVerifiedData,
  type FraudDetectedData,
  type FraudEvidence,
  type VerificationEscalatedData,
} from '@corex/events';
import type { LeaseState, LeaseVerdict } from '@corex/marketplace-domain';
import type { ProjectionDefinition } from '@corex/projections';

/** The event that last changed a lease: what an operator is shown as the deciding event. */
export interface DecidingEvent {
  type: string;
  id: string;
  time: string;
  seq: number;
}

/** One lease held by one node, with its verdict and reward (`marketplace.node_leases`): the operator's view of its work. */
export interface NodeLeaseRow {
  /** `<nodeId>/<leaseId>`: keys of one node's rows share its prefix, so a change can be told to that node's listeners. */
  key: string;
  node_id: string;
  lease_id: string;
  fragment_id: string;
  job_id: string;
  attempt: number;
  assigned_at: string;
  lease_expires_at: string;
  assigned_seq: number;
  state: LeaseState;
  ended_at: string | null;
  result_hash: string | null;
  error: AttemptError | null;
  verdict: LeaseVerdict | null;
  method: string | null;
  checks: CheckRecord[];
  verdict_reason: string | null;
  fraud: { fraudId: string; kind: string; evidence: FraudEvidence; evidenceHash: string } | null;
  reward_amount: string | null;
  reward_epoch: number | null;
  decided: DecidingEvent;
  version: number;
}

type Change = (row: NodeLeaseRow, data: unknown) => Partial<NodeLeaseRow> | null;

const CHANGES: Record<string, Change> = {
  // A lease ends once: a result after it ended (a late one) does not rewrite it.
  [FragmentCompleted.type]: (row, data) => {
    const d = data as FragmentCompletedData;
    return row.state === 'active' ? { state: 'completed', ended_at: d.completedAt, result_hash: d.resultHash } : null;
  },
  [FragmentLeaseEnded.type]: (row, data) => {
    const d = data as FragmentLeaseEndedData;
    return row.state === 'active' ? { state: d.reason, ended_at: d.endedAt, error: d.error ?? null } : null;
  },
  [FragmentVerified.type]: (_row, data) => {
    const d = data as FragmentVerifiedData;
    return { verdict: 'verified', method: d.method, checks: d.checks, verdict_reason: null };
  },
  [FragmentRejected.type]: (_row, data) => {
    const d = data as FragmentRejectedData;
    return { verdict: 'rejected', method: null, checks: d.checks, verdict_reason: d.reason };
  },
  // An escalation waits for a replica: it never overrides a verdict already given.
  [VerificationEscalated.type]: (row, data) => {
    const d = data as VerificationEscalatedData;
    if (row.verdict !== null) return null;
    return { verdict: 'escalated', checks: [{ check: d.check, outcome: 'inconclusive', detail: d.reason }], verdict_reason: d.reason };
  },
  [FraudDetected.type]: (_row, data) => {
    const d = data as FraudDetectedData;
    return { verdict: 'fraud', checks: [{ check: d.evidence.check, outcome: 'fail', detail: d.evidence.detail.slice(0, 500) }], fraud: { fraudId: d.fraudId, kind: d.kind, evidence: d.evidence, evidenceHash: d.evidenceHash } };
  },
  [FragmentRewarded.type]: (_row, data) => {
    const d = data as FragmentRewardedData;
    return { reward_amount: d.amount, reward_epoch: d.epoch };
  },
};

const leaseOf = (e: EventEnvelope) => e.data as { nodeId?: string; leaseId?: string };

/**
 * Every lease of every node, from the scheduler's fragment events, the verifier's verdicts and
 * settlement's rewards; so it reads every event (`>`). A benchmark fraud names no lease and only
 * advances its position.
 */
export const nodeLeasesProjection: ProjectionDefinition<NodeLeaseRow> = {
  name: 'marketplace.node_leases',
  table: 'marketplace.node_leases',
  key: 'key',
  filter: '>',
  handles: [FragmentAssigned.type, ...Object.keys(CHANGES)],
  creates: [FragmentAssigned.type],
  keyOf: (e) => {
    const { nodeId, leaseId } = leaseOf(e);
    return nodeId && leaseId ? `${nodeId}/${leaseId}` : '';
  },
  evolve: (row, e, seq) => {
    const decided: DecidingEvent = { type: e.type, id: e.id, time: e.time, seq };
    if (e.type === FragmentAssigned.type) return assigned(e.data as FragmentAssignedData, decided);
    const change = row && CHANGES[e.type]?.(row, e.data);
    if (!row || !change) return row;
    return { ...row, ...change, decided, version: seq };
  },
};

function assigned(d: FragmentAssignedData, decided: DecidingEvent): NodeLeaseRow {
  return {
    key: `${d.nodeId}/${d.leaseId}`,
    node_id: d.nodeId,
    lease_id: d.leaseId,
    fragment_id: d.fragmentId,
    job_id: d.jobId,
    attempt: d.attempt,
    assigned_at: d.assignedAt,
    lease_expires_at: d.leaseExpiresAt,
    assigned_seq: decided.seq,
    state: 'active',
    ended_at: null,
    result_hash: null,
    error: null,
    verdict: null,
    method: null,
    checks: [],
    verdict_reason: null,
    fraud: null,
    reward_amount: null,
    reward_epoch: null,
    decided,
    version: decided.seq,
  };
}
