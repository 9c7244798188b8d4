import {
  FragmentCompleted,
  FragmentRejected,
  FragmentVerified,
  FraudDetected,
  ReplicaPlanned,
  VerificationEscalated,
  type CheckRecord,
  type EventEnvelope,
  type FragmentCompletedData,
  type FragmentRejectedData,
  type FragmentVerifiedData,
  type FraudDetectedData,
  type ReplicaPlannedData,
  type VerificationEscalatedData,
} from '@corex/events';
import type { ProjectionDefinition } from '@corex/projections';

export const fragmentOutcomes = ['verified', 'fraud', 'rejected', 'escalated', 'pending'] as const;
export type FragmentOutcome = (typeof fragmentOutcomes)[number];

/** The verification of one fragment or replica (`marketplace.fragment_verifications`): its latest verdict. */
export interface FragmentVerificationRow {
  fragment_id: string;
  job_id: string;
  /** The fragment a replica re-runs; null for the job's own fragments. */
  replica_of: string | null;
  /** The node and lease of the result the outcome is about. */
  node_id: string | null;
  lease_id: string | null;
  /** `pending`: a result is waiting for its verdict. */
  outcome: FragmentOutcome;
  method: string | null;
  checks: CheckRecord[];
  /** Σ of every verification of this fragment or replica so far. */
  cost_flops: number;
  cost_ms: number;
  frauds: number;
  rejections: number;
  escalations: number;
  updated_at: string;
  version: number;
}

type Verdict = Partial<FragmentVerificationRow> & { job_id: string; updated_at: string };

function empty(fragmentId: string, jobId: string, at: string): FragmentVerificationRow {
  return {
    fragment_id: fragmentId,
    job_id: jobId,
    replica_of: null,
    node_id: null,
    lease_id: null,
    outcome: 'pending',
    method: null,
    checks: [],
    cost_flops: 0,
    cost_ms: 0,
    frauds: 0,
    rejections: 0,
    escalations: 0,
    updated_at: at,
    version: 0,
  };
}

const judged = (d: { jobId: string; nodeId: string; leaseId: string }, at: string) => ({ job_id: d.jobId, node_id: d.nodeId, lease_id: d.leaseId, updated_at: at });

/** What each event changes in the row; costs and counters are added to by `evolve`. */
const CHANGES: Record<string, (row: FragmentVerificationRow, data: unknown) => Verdict | null> = {
  [ReplicaPlanned.type]: (_row, data) => {
    const d = data as ReplicaPlannedData;
    return { job_id: d.jobId, replica_of: d.replicaOf, updated_at: d.plannedAt };
  },
  // A new result waits for its verdict; a re-delivery of the judged one, or a result after the fragment was accepted, changes nothing.
  [FragmentCompleted.type]: (row, data) => {
    const d = data as FragmentCompletedData;
    if (row.outcome === 'verified' || row.lease_id === d.leaseId) return null;
    return { ...judged(d, d.completedAt), outcome: 'pending', method: null, checks: [] };
  },
  [FragmentVerified.type]: (_row, data) => {
    const d = data as FragmentVerifiedData;
    return { ...judged(d, d.verifiedAt), outcome: 'verified', method: d.method, checks: d.checks, cost_flops: d.cost.flops, cost_ms: d.cost.ms };
  },
  [FragmentRejected.type]: (row, data) => {
    const d = data as FragmentRejectedData;
    return { ...judged(d, d.rejectedAt), outcome: 'rejected', method: null, checks: d.checks, cost_flops: d.cost.flops, cost_ms: d.cost.ms, rejections: row.rejections + 1 };
  },
  [VerificationEscalated.type]: (row, data) => {
    const d = data as VerificationEscalatedData;
    const check: CheckRecord = { check: d.check, outcome: 'inconclusive', detail: d.reason };
    return { ...judged(d, d.escalatedAt), outcome: 'escalated', checks: [check], escalations: row.escalations + 1 };
  },
  [FraudDetected.type]: (row, data) => {
    const d = data as FraudDetectedData;
    const check: CheckRecord = { check: d.evidence.check, outcome: 'fail', detail: d.evidence.detail.slice(0, 500) };
    return { job_id: d.jobId!, node_id: d.nodeId, lease_id: d.leaseId ?? null, updated_at: d.detectedAt, outcome: 'fraud', checks: [check], frauds: row.frauds + 1 };
  },
};

function fragmentOf(e: EventEnvelope): { fragmentId?: string; jobId?: string } {
  return e.data as { fragmentId?: string; jobId?: string };
}

/**
 * The verdict of every fragment and replica, by its own id (a replica's verdict names the replica).
 * Reads fragment and verification events, so it consumes every event (`>`). Benchmark frauds
 * (no fragment) are not its business: they only advance its position.
 */
export const fragmentVerificationsProjection: ProjectionDefinition<FragmentVerificationRow> = {
  name: 'marketplace.fragment_verifications',
  table: 'marketplace.fragment_verifications',
  key: 'fragment_id',
  filter: '>',
  handles: Object.keys(CHANGES),
  keyOf: (e) => fragmentOf(e).fragmentId ?? '',
  evolve: (row, e, seq) => {
    const { fragmentId, jobId } = fragmentOf(e);
    if (!fragmentId || !jobId) return row;
    const current = row ?? empty(fragmentId, jobId, e.time);
    const change = CHANGES[e.type]?.(current, e.data);
    if (!change) return row;
    return {
      ...current,
      ...change,
      cost_flops: Number(current.cost_flops) + (change.cost_flops ?? 0),
      cost_ms: Number(current.cost_ms) + (change.cost_ms ?? 0),
      version: seq,
    };
  },
};
