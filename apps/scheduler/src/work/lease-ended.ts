import { FragmentLeaseEnded, type leaseEndReasons } from '@corex/events';
import type { SchedulerRuntime } from '../runtime/scheduler-runtime';

type LeaseEndReason = (typeof leaseEndReasons)[number];

/** Records that a lease ended without a result (the state has already requeued the fragment). */
export async function recordLeaseEnded(
  runtime: SchedulerRuntime,
  lease: { fragmentId: string; nodeId: string; leaseId: string },
  reason: LeaseEndReason,
  at: Date,
): Promise<void> {
  const event = {
    type: FragmentLeaseEnded.type,
    id: `ended-${lease.leaseId}`,
    data: { fragmentId: lease.fragmentId, jobId: runtime.jobOf(lease.fragmentId), nodeId: lease.nodeId, leaseId: lease.leaseId, reason, endedAt: at.toISOString() },
  };
  runtime.notifyWork();
  await runtime.appendToFragment(lease.fragmentId, event);
}
