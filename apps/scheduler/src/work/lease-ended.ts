import { FragmentLeaseEnded, subjects, type leaseEndReasons } from '@corex/events';
import type { SchedulerRuntime } from '../runtime/scheduler-runtime';

type LeaseEndReason = (typeof leaseEndReasons)[number];

/** Records that a lease ended without a result (the state has already requeued the fragment). */
export async function recordLeaseEnded(
  runtime: SchedulerRuntime,
  lease: { fragmentId: string; nodeId: string; leaseId: string },
  reason: LeaseEndReason,
  at: Date,
): Promise<void> {
  const jobId = runtime.state.fragment(lease.fragmentId)?.plan.jobId ?? lease.fragmentId.replace(/-s\d+-f\d+$/, '');
  const event = {
    type: FragmentLeaseEnded.type,
    id: `ended-${lease.leaseId}`,
    data: { fragmentId: lease.fragmentId, jobId, nodeId: lease.nodeId, leaseId: lease.leaseId, reason, endedAt: at.toISOString() },
  };
  runtime.notifyWork();
  const subject = subjects.fragment(lease.fragmentId);
  runtime.setFragmentVersion(lease.fragmentId, await runtime.append(subject, [event], runtime.fragmentVersion(lease.fragmentId)));
}
