import {
  FragmentRejected,
  FragmentVerified,
  FraudDetected,
  VerificationEscalated,
  type CheckRecord,
  type FraudEvidence,
  type FraudKind,
  type FragmentKind,
} from '@corex/events';
import { evidenceHash, fraudId } from './evidence';

/** The result under judgement: a completed lease of a fragment or of one of its replicas. */
export interface JudgedResult {
  readonly fragmentId: string;
  readonly jobId: string;
  readonly nodeId: string;
  readonly leaseId: string;
  readonly resultHash: string;
}

/** A verdict event, with its deterministic id, ready to append to `verification.<original fragment id>`. */
export interface VerdictEvent {
  readonly id: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
}

/** A check as run by the verifier: the record the event keeps, plus what evidence quotes when it fails. */
export interface CheckRun extends CheckRecord {
  readonly expected?: string;
  readonly got?: string;
}

export type VerificationMethod = 'cheap-checks' | 'sampled-rows' | 'recompute' | 'replica' | 'structural';

/** Checks whose failure proves a wrong result (the verifier's own execution is the reference). */
export const DECIDING_CHECKS: readonly string[] = ['recompute', 'sampled-rows'];

export interface VerdictInput {
  readonly result: JudgedResult;
  readonly taskKind: FragmentKind;
  readonly method: VerificationMethod;
  readonly sampled: boolean;
  readonly checks: readonly CheckRun[];
  /** Escalations already recorded for this result's fragment group (original and replicas). */
  readonly escalations: number;
  readonly cost: { flops: number; ms: number };
  /** Hashes that pin the evidence (task, result, recompute, commitment, …). */
  readonly hashes: Record<string, string>;
  /** The verifier could not run a check (blob missing, NATS): never the node's fault. */
  readonly infraError?: string;
  /** The same result hash was accepted earlier for another task: a failure is a replay. */
  readonly replayOf?: { leaseId: string; fragmentId: string };
  readonly now: string;
}

export type Decision = { kind: 'event'; event: VerdictEvent } | { kind: 'recompute'; reason: string };

/**
 * The verdict on one result from the checks that ran on it. When the verifier recomputed (a
 * deciding check ran), that check rules: fail is fraud, inconclusive escalates, pass verifies.
 * Otherwise a failed cheap check asks for a recompute and an inconclusive one escalates. An
 * escalation is the first in the group; the second time the result is rejected (never fraud), and
 * an infrastructure error is treated the same.
 */
export function decideVerdict(input: VerdictInput): Decision {
  const { checks } = input;
  if (input.infraError) return { kind: 'event', event: escalateOrReject(input, 'infrastructure', input.infraError) };
  // The verifier's own execution, when it ran, rules: a cheap check that disagrees with it does not matter.
  const deciding = checks.filter((c) => DECIDING_CHECKS.includes(c.check));
  const ruling = deciding.length > 0 ? deciding : checks;
  const failed = ruling.find((c) => c.outcome === 'fail');
  if (failed && deciding.length > 0) return { kind: 'event', event: fraudEvent(input, failed) };
  if (failed) return { kind: 'recompute', reason: `${failed.check} failed: ${failed.detail ?? ''}`.trim() };
  const unsure = ruling.find((c) => c.outcome === 'inconclusive');
  if (unsure) return { kind: 'event', event: escalateOrReject(input, unsure.check, unsure.detail ?? 'inconclusive') };
  return { kind: 'event', event: verifiedEvent(input.result, input.method, input.sampled, checks, input.cost, input.now) };
}

/** FragmentVerified with id `verified-<leaseId>`. */
export function verifiedEvent(
  result: JudgedResult,
  method: VerificationMethod,
  sampled: boolean,
  checks: readonly CheckRun[],
  cost: { flops: number; ms: number },
  now: string,
): VerdictEvent {
  return {
    id: `verified-${result.leaseId}`,
    type: FragmentVerified.type,
    data: { ...judged(result), method, sampled, checks: records(checks), cost, verifiedAt: now },
  };
}

function escalateOrReject(input: VerdictInput, check: string, reason: string): VerdictEvent {
  const { result, now } = input;
  if (input.escalations === 0) {
    return { id: `escalated-${result.leaseId}`, type: VerificationEscalated.type, data: { ...judged(result), check, reason: reason.slice(0, 500), escalatedAt: now } };
  }
  return {
    id: `rejected-${result.leaseId}`,
    type: FragmentRejected.type,
    data: { ...judged(result), reason: `${check}: ${reason}`.slice(0, 500), checks: records(input.checks), cost: input.cost, rejectedAt: now },
  };
}

function fraudEvent(input: VerdictInput, proof: CheckRun): VerdictEvent {
  const kind: FraudKind = input.replayOf ? 'replayed-result' : input.taskKind === 'gradient' ? 'wrong-gradient' : 'wrong-output';
  const replay = input.replayOf ? ` ; the same result was accepted for lease ${input.replayOf.leaseId} of fragment ${input.replayOf.fragmentId}` : '';
  const evidence: FraudEvidence = {
    check: proof.check,
    expected: (proof.expected ?? 'the verifier’s recomputation').slice(0, 2000),
    got: (proof.got ?? proof.detail ?? '').slice(0, 2000),
    hashes: input.hashes,
    detail: `${proof.detail ?? ''}${replay}`.slice(0, 1000),
  };
  return fraudDetected(kind, input.result, evidence, input.now);
}

/** FraudDetected of `kind` for a result's lease, id `fraud-<kind>-<leaseId>`, evidenceHash over the evidence. */
export function fraudDetected(kind: FraudKind, result: Omit<JudgedResult, 'resultHash'>, evidence: FraudEvidence, now: string): VerdictEvent {
  const id = fraudId(kind, result.leaseId);
  return {
    id,
    type: FraudDetected.type,
    data: {
      fraudId: id,
      nodeId: result.nodeId,
      kind,
      jobId: result.jobId,
      fragmentId: result.fragmentId,
      leaseId: result.leaseId,
      evidence,
      evidenceHash: evidenceHash(evidence),
      detectedAt: now,
    },
  };
}

function judged({ fragmentId, jobId, nodeId, leaseId, resultHash }: JudgedResult) {
  return { fragmentId, jobId, nodeId, leaseId, resultHash };
}

function records(checks: readonly CheckRun[]): CheckRecord[] {
  return checks.slice(0, 16).map(({ check, outcome, detail, metrics }) => ({
    check,
    outcome,
    ...(detail !== undefined ? { detail: detail.slice(0, 500) } : {}),
    ...(metrics ? { metrics } : {}),
  }));
}
