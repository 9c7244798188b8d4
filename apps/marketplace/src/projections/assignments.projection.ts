import {
  FragmentAssigned,
  FragmentCompleted,
  FragmentLeaseEnded,
  type AttemptError,
  type EventEnvelope,
  type FragmentAssignedData,
  type FragmentCompletedData,
  type FragmentLeaseEndedData,
} from '@corex/events';
import type { ProjectionDefinition } from '@corex/projections';

/** One lease: which node got which fragment, why (score breakdown) and how it ended. */
export interface AssignmentRow {
  lease_id: string;
  fragment_id: string;
  job_id: string;
  node_id: string;
  attempt: number;
  score: Record<string, number>;
  assigned_at: string;
  lease_expires_at: string;
  /** `active`, `completed`, or the reason the lease ended without a result. */
  outcome: string;
  ended_at: string | null;
  result_hash: string | null;
  /** Why a failed lease failed, when known: the node's error, or why its result was refused. */
  error: AttemptError | null;
  assigned_seq: number;
  version: number;
}

export const assignmentsProjection: ProjectionDefinition<AssignmentRow> = {
  name: 'marketplace.assignments',
  table: 'marketplace.assignments',
  key: 'lease_id',
  filter: 'fragment.*',
  handles: [FragmentAssigned.type, FragmentCompleted.type, FragmentLeaseEnded.type],
  keyOf: (e: EventEnvelope) => (e.data as { leaseId: string }).leaseId,
  evolve: (row, e, seq) => {
    if (e.type === FragmentAssigned.type) return assigned(e.data as FragmentAssignedData, seq);
    // A lease ends once: a later event for it (a late result after expiry) does not rewrite history.
    if (!row || row.outcome !== 'active') return row;
    if (e.type === FragmentCompleted.type) {
      const d = e.data as FragmentCompletedData;
      return { ...row, outcome: 'completed', ended_at: d.completedAt, result_hash: d.resultHash, version: seq };
    }
    const d = e.data as FragmentLeaseEndedData;
    return { ...row, outcome: d.reason, ended_at: d.endedAt, error: d.error ?? null, version: seq };
  },
};

function assigned(d: FragmentAssignedData, seq: number): AssignmentRow {
  return {
    lease_id: d.leaseId,
    fragment_id: d.fragmentId,
    job_id: d.jobId,
    node_id: d.nodeId,
    attempt: d.attempt,
    score: d.score,
    assigned_at: d.assignedAt,
    lease_expires_at: d.leaseExpiresAt,
    outcome: 'active',
    ended_at: null,
    result_hash: null,
    error: null,
    assigned_seq: seq,
    version: seq,
  };
}
