import type { Logger } from '@corex/platform';
import { decideEviction } from '@corex/scheduler-domain';
import type { SchedulerRuntime } from '../runtime/scheduler-runtime';

/**
 * Ends the open leases of an evicted node as `released` (decideEviction): its fragments go back
 * to the queue at once instead of waiting for the leases to expire. A lease that ended meanwhile
 * is left alone; one whose end cannot be recorded now expires and is swept as usual.
 */
export async function releaseEvictedLeases(runtime: SchedulerRuntime, logger: Logger, nodeId: string): Promise<number> {
  let released = 0;
  for (const event of decideEviction(runtime.state, { nodeId, now: Date.now() })) {
    const { fragmentId, leaseId } = event.data;
    try {
      await runtime.withFragment(fragmentId, async () => {
        if (runtime.state.fragment(fragmentId)?.lease?.leaseId !== leaseId) return;
        await runtime.recordFragment(event);
        released++;
      });
    } catch (err) {
      logger.warn({ err, nodeId, leaseId }, 'evicted node: lease end not recorded; the lease will expire');
    }
  }
  logger.warn({ nodeId, released }, 'node evicted: no more work, its leases taken back');
  return released;
}
