import type { Logger } from '@corex/platform';
import type { CancelledLeaseEnd, SchedulerRuntime } from '../runtime/scheduler-runtime';

/**
 * Records the ends of the leases a job's cancellation closed (`cancelled`: not the nodes' fault,
 * nothing requeued), so read models stop showing them in progress. Each is appended at the
 * version its fragment had when the cancellation was applied: a lease that completed or ended
 * meanwhile moved the fragment on, and its end is not recorded twice (nor is a duplicate id).
 */
export async function endCancelledLeases(runtime: SchedulerRuntime, logger: Logger, ended: readonly CancelledLeaseEnd[]): Promise<number> {
  let recorded = 0;
  await Promise.all(
    ended.map(({ event, expectedVersion }) =>
      runtime
        .withFragment(event.data.fragmentId, () => runtime.recordFragment(event, Date.now(), expectedVersion))
        .then(() => recorded++)
        .catch((err: unknown) => logger.warn({ err, leaseId: event.data.leaseId, jobId: event.data.jobId }, 'lease of a cancelled job: its end not recorded')),
    ),
  );
  return recorded;
}
