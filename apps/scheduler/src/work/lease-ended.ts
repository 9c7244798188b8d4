import { FragmentLeaseEnded } from '@corex/events';
import type { LeaseEnd } from '@corex/scheduler-domain';
import type { SchedulerRuntime } from '../runtime/scheduler-runtime';

/**
 * Records that a lease ended without a result (the state has already requeued the fragment, or
 * given it up: then its job is failed next).
 */
export async function recordLeaseEnded(runtime: SchedulerRuntime, { lease, reason, fragmentExhausted }: LeaseEnd, at: Date): Promise<void> {
  const jobId = runtime.jobOf(lease.fragmentId);
  const event = {
    type: FragmentLeaseEnded.type,
    id: `ended-${lease.leaseId}`,
    data: { fragmentId: lease.fragmentId, jobId, nodeId: lease.nodeId, leaseId: lease.leaseId, reason, endedAt: at.toISOString() },
  };
  runtime.notifyWork();
  await runtime.appendToFragment(lease.fragmentId, event);
  if (fragmentExhausted) {
    runtime.markExhausted(jobId, lease.fragmentId);
    runtime.onJobChanged(jobId);
  }
}
