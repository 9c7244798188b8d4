import { FragmentRejected } from '@corex/events';
import { verifiedEvent, type JudgedResult, type VerdictEvent } from './verdicts';

/**
 * The verdict on a federated phase's result (setup, update, unmask): its content is masked or
 * sealed by design, so nobody can recompute it; only its form is judged. `problem` is what the
 * structural check found wrong, or null. Well-formed: FragmentVerified (method `structural`), so
 * the member is paid for the round; malformed: FragmentRejected (the scheduler refuses such
 * results already, so this is a second line, never fraud).
 */
export function structuralVerdict(result: JudgedResult, problem: string | null, cost: { flops: number; ms: number }, now: string): VerdictEvent {
  if (problem === null) return verifiedEvent(result, 'structural', false, [{ check: 'structure', outcome: 'pass' }], cost, now);
  const { fragmentId, jobId, nodeId, leaseId, resultHash } = result;
  return {
    id: `rejected-${leaseId}`,
    type: FragmentRejected.type,
    data: { fragmentId, jobId, nodeId, leaseId, resultHash, reason: `structure: ${problem}`.slice(0, 500), checks: [{ check: 'structure', outcome: 'fail', detail: problem.slice(0, 500) }], cost, rejectedAt: now },
  };
}
