import {
  FragmentAssigned,
  FragmentCompleted,
  FragmentLeaseEnded,
  ReplicaPlanned,
  ResultCommitted,
  type FragmentAssignedData,
  type FragmentCompletedData,
  type FragmentLeaseEndedData,
  type ReplicaPlannedData,
  type ResultCommittedData,
} from '@corex/events';
import type { SchedulerState } from '../scheduler/scheduler-state';

/**
 * The commit-reveal side of evolving an event (see evolveScheduler, which calls it for every
 * event): leases granted, commitments, accepted results, replicas. True when a replica was queued.
 */
export function evolveCommitReveal(state: SchedulerState, event: { type: string; data: unknown }): boolean {
  const book = state.reveals;
  switch (event.type) {
    case FragmentAssigned.type: {
      const d = event.data as FragmentAssignedData;
      book.leased(d.fragmentId, d.jobId, d.leaseId, d.nodeId);
      // A replica never runs where another member of its group ran: it would be no independent check.
      // (The original itself is not closed to a replica's node: a small network must still finish it.)
      for (const member of book.otherMembers(d.fragmentId)) if (book.isReplica(member)) state.excludeNode(member, d.nodeId);
      return false;
    }
    case ResultCommitted.type: {
      const d = event.data as ResultCommittedData;
      book.committed(d.fragmentId, d.jobId, d.leaseId, d.commitment);
      return false;
    }
    case FragmentCompleted.type: {
      const d = event.data as FragmentCompletedData;
      book.completed(d.fragmentId, d.jobId, d.leaseId, d.nodeId, d.signature);
      return false;
    }
    case FragmentLeaseEnded.type: {
      const d = event.data as FragmentLeaseEndedData;
      book.leaseEnded(d.fragmentId, Date.parse(d.endedAt));
      return false;
    }
    case ReplicaPlanned.type:
      return planReplica(state, event.data as ReplicaPlannedData);
    default:
      return false;
  }
}

function planReplica(state: SchedulerState, d: ReplicaPlannedData): boolean {
  const original = state.fragment(d.replicaOf)?.plan;
  // The original's job is finished (forgotten): nothing to compare against any more.
  if (!original) return false;
  const added = state.addFragments([
    {
      fragmentId: d.fragmentId,
      jobId: d.jobId,
      index: d.index,
      step: original.step,
      kind: d.task.kind,
      rowRange: d.rowRange,
      size: d.size,
      // Its original's reveal may be waiting for it (replica gate).
      priority: 'high',
      requirements: original.requirements,
      valuePerRow: original.valuePerRow,
      replicaOf: d.replicaOf,
    },
  ]);
  for (const nodeId of d.excludeNodes) state.excludeNode(d.fragmentId, nodeId);
  state.reveals.replicaPlanned(d.fragmentId, d.replicaOf, d.jobId, d.reason, Date.parse(d.plannedAt));
  return added > 0;
}
