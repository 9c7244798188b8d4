import { clip } from '@corex/scheduler-domain';
import { FragmentLeaseEnded, FraudDetected, type FragmentAttempt, type FragmentFailure, type FragmentLeaseEndedData, type FraudDetectedData, type NewEvent } from '@corex/events';

/** Attempts a job's failure lists at most (the latest ones). */
export const MAX_LISTED_ATTEMPTS = 32;
const MAX_REASON = 500;

/**
 * Why a job failed on one fragment, from the fragment's events (and its verdicts, in log order): its
 * place in the job, every ended attempt (node, how it ended, the error when known; a result judged
 * fraud as a failed attempt) and a sentence that names the nodes and errors.
 */
export function fragmentFailure(fragmentId: string, events: readonly NewEvent[]): { fragment: FragmentFailure; reason: string } {
  const attempts: FragmentAttempt[] = events
    .flatMap((e): FragmentAttempt[] => {
      if (e.type === FraudDetected.type) {
        const { nodeId, leaseId, kind, evidence, detectedAt } = e.data as FraudDetectedData;
        const error = { code: 'VERIFICATION.FRAUD_DETECTED', message: clip(`${kind}: ${evidence.detail}`, 500) };
        return leaseId && (e.data as FraudDetectedData).fragmentId === fragmentId ? [{ nodeId, leaseId, reason: 'failed', error, endedAt: detectedAt }] : [];
      }
      if (e.type !== FragmentLeaseEnded.type) return [];
      const { nodeId, leaseId, reason, error, endedAt } = e.data as FragmentLeaseEndedData;
      return [{ nodeId, leaseId, reason, ...(error ? { error } : {}), endedAt }];
    })
    .slice(-MAX_LISTED_ATTEMPTS);
  const [, step, index] = /-s(\d+)-f(\d+)$/.exec(fragmentId) ?? [];
  const fragment = { fragmentId, index: Number(index ?? 0), step: Number(step ?? 0), attempts };
  return { fragment, reason: describe(fragment) };
}

function describe({ fragmentId, index, step, attempts }: FragmentFailure): string {
  const failed = attempts.filter((a) => a.reason !== 'released' && a.reason !== 'cancelled');
  const nodes = new Set(failed.map((a) => a.nodeId)).size;
  const head = `fragment ${fragmentId} (index ${index}, step ${step}) failed ${failed.length === 1 ? 'once' : `${failed.length} times`} on ${nodes} node${nodes === 1 ? '' : 's'}`;
  const causes = failed.map((a) => `${a.nodeId.slice(0, 8)}… ${a.error ? `${a.error.code}: ${a.error.message}` : a.reason}`);
  // Each cause gets an even share of what is left, so the last node's error is not cut off by the first's.
  const room = Math.max(24, Math.floor((MAX_REASON - head.length - 2) / Math.max(1, causes.length)) - 2);
  const text = causes.length ? `${head}: ${causes.map((c) => clip(c, room)).join('; ')}` : head;
  return clip(text, MAX_REASON);
}
