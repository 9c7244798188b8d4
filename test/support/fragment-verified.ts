import { FragmentVerified, subjects, type FragmentVerifiedData } from '@corex/events';
import type { EventLog } from '@corex/eventstore';

/** What the verifier appends when it accepts a completion (method `recompute`): what the settlement pays on. */
export function fragmentVerifiedData(c: { fragmentId: string; jobId: string; nodeId: string; leaseId: string; resultHash: string }): FragmentVerifiedData {
  const { fragmentId, jobId, nodeId, leaseId, resultHash } = c;
  return { fragmentId, jobId, nodeId, leaseId, resultHash, method: 'recompute', sampled: true, checks: [{ check: 'recompute', outcome: 'pass' }], cost: { flops: 1, ms: 1 }, verifiedAt: new Date().toISOString() };
}

/** Appends a FragmentVerified for the completion to `verification.<fragmentId>`, after whatever that subject holds, as the verifier would. */
export async function appendFragmentVerified(log: EventLog, c: Parameters<typeof fragmentVerifiedData>[0]): Promise<void> {
  const subject = subjects.verification(c.fragmentId);
  const { version } = await log.store.read(subject);
  await log.store.append(subject, [{ type: FragmentVerified.type, data: fragmentVerifiedData(c) }], version);
}
