import type { ChallengeIssuedData, ChallengeJudgedData, FraudDetectedData, FraudEvidence } from '@corex/events';
import { evidenceHash, fraudId } from './evidence';

/** A challenge not started within this long of its issue expires. */
export const CHALLENGE_START_WINDOW_MS = 60_000;
/** Columns of an answer the verifier recomputes. */
export const CHALLENGE_COLUMNS_CHECKED = 8;
/** Largest relative error of a checked column sum, against max(|expected|, 1). */
export const CHALLENGE_TOLERANCE = 1e-3;
/** The challenge should take about this long at the claimed speed. */
export const CHALLENGE_TARGET_SECONDS = 0.25;
export const CHALLENGE_MIN_SIZE = 64;
export const CHALLENGE_MAX_SIZE = 1536;
/** Shortest answer deadline, and the deadline as a multiple of the time the claim implies. */
export const CHALLENGE_MIN_DEADLINE_MS = 10_000;
export const CHALLENGE_DEADLINE_FACTOR = 20;
/** measured ≥ claimed / CONFIRMED_RATIO: confirmed; below claimed / OVERCLAIM_RATIO: overclaim (fraud); between: slow. */
export const CONFIRMED_RATIO = 3;
export const OVERCLAIM_RATIO = 20;
/**
 * Time any answer takes besides the multiplication: drawing A and B in JavaScript and two network
 * round trips. Without it a fast honest node (a GPU, whose challenge is capped at CHALLENGE_MAX_SIZE)
 * could never measure near its claim; with it, a verdict compares times: overclaim only when the
 * answer took longer than OVERCLAIM_RATIO times the claimed time plus this.
 */
export const CHALLENGE_OVERHEAD_ALLOWANCE_MS = 100;

/** Floating-point operations of one challenge of this size: the multiplication's 2·size³. */
export function challengeFlops(size: number): number {
  return 2 * size ** 3;
}

/** Side of A and B for a claimed speed: about CHALLENGE_TARGET_SECONDS of work at that speed, clamped. */
export function challengeSize(claimedGflops: number): number {
  const size = Math.round(Math.cbrt((claimedGflops * 1e9 * CHALLENGE_TARGET_SECONDS) / 2));
  return Math.min(CHALLENGE_MAX_SIZE, Math.max(CHALLENGE_MIN_SIZE, size));
}

/** How long after its start the answer may come: 20 times the time the claim implies, at least 10 s. */
export function challengeDeadlineMs(claimedGflops: number, size: number): number {
  const claimedMs = (challengeFlops(size) / (claimedGflops * 1e9)) * 1000;
  return Math.max(CHALLENGE_MIN_DEADLINE_MS, Math.ceil(CHALLENGE_DEADLINE_FACTOR * claimedMs));
}

/** `count` distinct columns of 0..size-1 drawn with `random` (uniform in [0, 1)). */
export function pickCheckedColumns(size: number, random: () => number, count = CHALLENGE_COLUMNS_CHECKED): number[] {
  // A partial Fisher-Yates shuffle: distinct columns whatever `random` returns.
  const order = Array.from({ length: size }, (_, index) => index);
  const picked = Math.min(count, size);
  for (let i = 0; i < picked; i++) {
    const j = i + Math.min(size - i - 1, Math.floor(random() * (size - i)));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order.slice(0, picked);
}

/** Where an open challenge stands, on the verifier's clock (ms). */
export interface ChallengeClock {
  issuedAtMs: number;
  /** The node's first start request; null before it. */
  startedAtMs: number | null;
  deadlineMs: number;
}

/** Not started within CHALLENGE_START_WINDOW_MS of its issue, or not answered within deadlineMs of its start. */
export function isChallengeExpired(clock: ChallengeClock, nowMs: number): boolean {
  if (clock.startedAtMs === null) return nowMs - clock.issuedAtMs > CHALLENGE_START_WINDOW_MS;
  return nowMs - clock.startedAtMs > clock.deadlineMs;
}

/** One recomputed column of an answer. */
export interface CheckedColumn {
  index: number;
  expected: number;
  got: number;
}

/** A node's answer, as the verifier saw it. */
export interface ChallengeAnswer {
  elapsedMs: number;
  /** The reference columns beside the node's values; empty when the answer had the wrong length. */
  columns: CheckedColumn[];
  /** False when the answer is not `size` float32 values. */
  wellFormed: boolean;
  /** sha256 of the answer's bytes and of the signed message (evidence). */
  answerHash: string;
  messageHash: string;
}

export interface ChallengeJudgement {
  judged: ChallengeJudgedData;
  /** With `overclaim` and `wrong`. */
  fraud?: FraudDetectedData;
}

function relativeError({ expected, got }: CheckedColumn): number {
  const error = Math.abs(got - expected) / Math.max(Math.abs(expected), 1);
  return Number.isFinite(error) ? error : Number.MAX_VALUE;
}

/** Judges an answer that came in time: wrong columns first, then the measured speed against the claim. */
export function judgeChallenge(challenge: ChallengeIssuedData, answer: ChallengeAnswer, judgedAt: string): ChallengeJudgement {
  const measuredGflops = challengeFlops(challenge.size) / (Math.max(answer.elapsedMs, 1e-3) / 1000) / 1e9;
  const errors = answer.columns.map(relativeError);
  const maxRelativeError = errors.length ? Math.max(...errors) : null;
  const worst = answer.columns[errors.indexOf(maxRelativeError ?? -1)];
  const base = {
    challengeId: challenge.challengeId,
    nodeId: challenge.nodeId,
    claimedGflops: challenge.claimedGflops,
    elapsedMs: answer.elapsedMs,
    checkedColumns: answer.columns.length,
    maxRelativeError,
    judgedAt,
  };
  if (!answer.wellFormed || (maxRelativeError ?? 0) > CHALLENGE_TOLERANCE) {
    const judged: ChallengeJudgedData = { ...base, outcome: 'wrong', measuredGflops: null };
    return { judged, fraud: fraudOf(challenge, 'wrong-challenge', wrongEvidence(challenge, answer, worst), judgedAt) };
  }
  const outcome = speedOutcome(challenge, answer.elapsedMs);
  const judged: ChallengeJudgedData = { ...base, outcome, measuredGflops };
  if (outcome !== 'overclaim') return { judged };
  return { judged, fraud: fraudOf(challenge, 'benchmark-overclaim', overclaimEvidence(challenge, answer, measuredGflops), judgedAt) };
}

/** confirmed within CONFIRMED_RATIO × the claimed time (+ allowance), overclaim beyond OVERCLAIM_RATIO × it (+ allowance), slow between. */
export function speedOutcome(challenge: Pick<ChallengeIssuedData, 'size' | 'claimedGflops'>, elapsedMs: number): 'confirmed' | 'slow' | 'overclaim' {
  const claimedMs = (challengeFlops(challenge.size) / (challenge.claimedGflops * 1e9)) * 1000;
  if (elapsedMs <= CONFIRMED_RATIO * claimedMs + CHALLENGE_OVERHEAD_ALLOWANCE_MS) return 'confirmed';
  if (elapsedMs <= OVERCLAIM_RATIO * claimedMs + CHALLENGE_OVERHEAD_ALLOWANCE_MS) return 'slow';
  return 'overclaim';
}

/** The judgement of a challenge that was not started, or not answered, in time: not fraud. */
export function expireChallenge(challenge: ChallengeIssuedData, clock: ChallengeClock, judgedAt: string): ChallengeJudgedData {
  return {
    challengeId: challenge.challengeId,
    nodeId: challenge.nodeId,
    outcome: 'expired',
    claimedGflops: challenge.claimedGflops,
    measuredGflops: null,
    elapsedMs: clock.startedAtMs === null ? null : Math.max(0, Date.parse(judgedAt) - clock.startedAtMs),
    checkedColumns: 0,
    maxRelativeError: null,
    judgedAt,
  };
}

function hashes(challenge: ChallengeIssuedData, answer: ChallengeAnswer): Record<string, string> {
  return { seed: challenge.seed, answer: answer.answerHash, message: answer.messageHash };
}

function overclaimEvidence(challenge: ChallengeIssuedData, answer: ChallengeAnswer, measured: number): FraudEvidence {
  return {
    check: 'benchmark-challenge',
    expected: `an answer within ${OVERCLAIM_RATIO} x the claimed time + ${CHALLENGE_OVERHEAD_ALLOWANCE_MS} ms (claimed ${fmt(challenge.claimedGflops)} GFLOP/s)`,
    got: `${fmt(measured)} GFLOP/s measured`,
    hashes: hashes(challenge, answer),
    detail: `size ${challenge.size}: ${challengeFlops(challenge.size)} flops answered ${Math.round(answer.elapsedMs)} ms after the first start request; claimed ${fmt(challenge.claimedGflops)} GFLOP/s, measured ${fmt(measured)} GFLOP/s`,
  };
}

function wrongEvidence(challenge: ChallengeIssuedData, answer: ChallengeAnswer, worst: CheckedColumn | undefined): FraudEvidence {
  const where = `size ${challenge.size}, answered ${Math.round(answer.elapsedMs)} ms after the first start request`;
  if (!answer.wellFormed || !worst) {
    return { check: 'benchmark-challenge', expected: `${challenge.size} float32 column sums`, got: 'an answer of another length', hashes: hashes(challenge, answer), detail: where };
  }
  return {
    check: 'benchmark-challenge',
    expected: `column ${worst.index}: ${worst.expected}`,
    got: `column ${worst.index}: ${worst.got}`,
    hashes: hashes(challenge, answer),
    detail: `${where}; relative error ${relativeError(worst)} > ${CHALLENGE_TOLERANCE}`,
  };
}

function fraudOf(challenge: ChallengeIssuedData, kind: 'benchmark-overclaim' | 'wrong-challenge', evidence: FraudEvidence, detectedAt: string): FraudDetectedData {
  return {
    fraudId: fraudId(kind, challenge.challengeId),
    nodeId: challenge.nodeId,
    kind,
    challengeId: challenge.challengeId,
    evidence,
    evidenceHash: evidenceHash(evidence),
    detectedAt,
  };
}

function fmt(gflops: number): string {
  return gflops.toPrecision(4);
}
