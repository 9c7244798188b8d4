import type { FragmentKind, ResultViolationData, VerificationPolicy } from '@corex/events';
import { needsReplica, spotCheckProbability, type NodeTrust } from './trust-policy';
import { spotCheckDrawn } from './spot-check';
import { fraudDetected, verifiedEvent, type CheckRun, type JudgedResult, type VerdictEvent, type VerificationMethod } from './verdicts';

/** A result revealed in a fragment group (the fragment and its replicas). */
export interface Reveal {
  readonly nodeId: string;
  readonly leaseId: string;
  readonly resultHash: string;
}

/**
 * A signed result no honest node sends becomes FraudDetected of its kind, with the message hash
 * and signature as evidence; a reveal that does not open its commitment but carries another
 * node's revealed hash of the same group is a copy (`copied-result`).
 */
export function decideViolation(violation: ResultViolationData, group: readonly Reveal[], now: string): VerdictEvent {
  const source = violation.kind === 'reveal-mismatch' ? group.find((r) => r.nodeId !== violation.nodeId && r.resultHash === violation.resultHash) : undefined;
  const kind = source ? 'copied-result' : violation.kind;
  const evidence = {
    check: source ? 'copy' : violation.kind,
    expected: source ? `a result of the node's own (its commitment)` : 'no such signed result message',
    got: source ? `result ${violation.resultHash}, revealed before by ${source.nodeId} (lease ${source.leaseId})` : `result ${violation.resultHash}`,
    hashes: { resultHash: violation.resultHash, messageHash: violation.messageHash, signature: violation.signature, ...(source ? { copiedLease: source.leaseId } : {}) },
    detail: violation.detail,
  };
  return fraudDetected(kind, violation, evidence, now);
}

/**
 * A completed result whose commitment does not open it (`commitmentOpens` false) and whose hash
 * another node of the group revealed is a copy. Null when not.
 */
export function decideCopy(result: JudgedResult, commitmentOpens: boolean, group: readonly Reveal[], hashes: Record<string, string>, now: string): VerdictEvent | null {
  if (commitmentOpens) return null;
  const source = group.find((r) => r.nodeId !== result.nodeId && r.resultHash === result.resultHash);
  if (!source) return null;
  const evidence = {
    check: 'copy',
    expected: 'a commitment that opens the revealed result',
    got: `result ${result.resultHash}, revealed by ${source.nodeId} (lease ${source.leaseId}); the commitment does not open it`,
    hashes: { ...hashes, resultHash: result.resultHash, copiedLease: source.leaseId },
    detail: `copied from lease ${source.leaseId}`,
  };
  return fraudDetected('copied-result', result, evidence, now);
}

/** Results that are not one output row per input row (a gradient, a slice's statistics): a spot check recomputes the whole fragment. */
const WHOLE_FRAGMENT_KINDS: ReadonlySet<FragmentKind> = new Set<FragmentKind>(['gradient', 'statistics']);

export type VerificationPlan =
  | { kind: 'await-replica' }
  | { kind: 'check'; method: Exclude<VerificationMethod, 'replica' | 'structural'>; sampled: boolean; gradientChecks: boolean };

export interface PlanInput {
  readonly leaseId: string;
  readonly taskKind: FragmentKind;
  readonly policy: VerificationPolicy | undefined;
  readonly trust: NodeTrust;
  /** A replica of the group is planned or running, not completed, and REPLICA_WAIT_MS has not run out. */
  readonly replicaPending: boolean;
  /** Recompute whatever the draw: a replay suspect, a recheck after fraud, a failed cheap check. */
  readonly forceRecompute?: boolean;
}

/**
 * How a result is checked (docs/trust-decisions): untrusted nodes (and `redundancy`) are compared
 * with a replica, or recomputed when no replica runs; trusted ones are recomputed with the
 * spot-check probability (sampled rows, or the whole fragment for gradients and statistics), the draw seeded by
 * the lease id. Every gradient also gets the cheap checks.
 */
export function planVerification(input: PlanInput): VerificationPlan {
  const gradientChecks = input.taskKind === 'gradient';
  if (input.forceRecompute) return { kind: 'check', method: 'recompute', sampled: false, gradientChecks };
  if (needsReplica(input.trust, input.policy)) {
    if (input.replicaPending) return { kind: 'await-replica' };
    return { kind: 'check', method: 'recompute', sampled: false, gradientChecks };
  }
  const drawn = spotCheckDrawn(input.leaseId, spotCheckProbability(input.trust, input.policy));
  if (!drawn) return { kind: 'check', method: 'cheap-checks', sampled: false, gradientChecks };
  return { kind: 'check', method: WHOLE_FRAGMENT_KINDS.has(input.taskKind) ? 'recompute' : 'sampled-rows', sampled: true, gradientChecks };
}

/**
 * A result and its replica agree when they reveal the same hash or their outputs compare within
 * the pass tolerance (`comparison`): both are verified (method `replica`). Null: they disagree
 * (or the comparison is unsure) and the verifier recomputes to judge each.
 */
export function decideReplicaAgreement(
  original: JudgedResult,
  replica: JudgedResult,
  comparison: CheckRun | null,
  cost: { flops: number; ms: number },
  now: string,
): VerdictEvent[] | null {
  const same = original.resultHash === replica.resultHash;
  if (!same && comparison?.outcome !== 'pass') return null;
  const check: CheckRun = same ? { check: 'replica', outcome: 'pass', detail: 'same result hash' } : comparison!;
  return [verifiedEvent(original, 'replica', false, [check], cost, now), verifiedEvent(replica, 'replica', false, [check], cost, now)];
}
