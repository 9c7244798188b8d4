import { FragmentLeaseEnded } from '@corex/events';
import type { Logger } from '@corex/platform';
import type { Lease } from '@corex/scheduler-domain';
import type { SchedulerRuntime } from '../runtime/scheduler-runtime';

/**
 * Records the leases an abandonment closed as ended 'cancelled' (not the node's fault, nothing
 * requeued), so read models stop showing them in progress. The scheduler closed them already when
 * it applied JobFragmentsAbandoned: a failed append here is logged, not retried.
 */
export async function endAbandonedLeases(runtime: SchedulerRuntime, leases: readonly Lease[], now: Date, logger: Logger): Promise<void> {
  await Promise.all(
    leases.map((lease) => {
      const data = { fragmentId: lease.fragmentId, jobId: runtime.jobOf(lease.fragmentId), nodeId: lease.nodeId, leaseId: lease.leaseId, reason: 'cancelled' as const, endedAt: now.toISOString() };
      const event = { type: FragmentLeaseEnded.type, id: `ended-${lease.leaseId}`, data };
      return runtime.withFragment(lease.fragmentId, () => runtime.recordFragment(event)).catch((err: unknown) => {
        logger.warn({ err, leaseId: lease.leaseId }, 'cancelled lease of an abandoned fragment not recorded');
      });
    }),
  );
}
