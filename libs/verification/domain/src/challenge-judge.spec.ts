import { FraudDetected, ChallengeJudged, type ChallengeIssuedData } from '@corex/events';
import {
  challengeDeadlineMs,
  challengeSize,
  expireChallenge,
  isChallengeExpired,
  judgeChallenge,
  pickCheckedColumns,
  type ChallengeAnswer,
  type CheckedColumn,
} from './challenge-judge';
import { evidenceHash } from './evidence';

const NODE = 'U'.padEnd(56, 'A');
const AT = '2026-11-30T06:00:00.000Z';

// Given: a node that claims 100 GFLOP/s gets a size-500 challenge (2.5e8 flops: 2.5 ms at the claim).
function issued(claimedGflops = 100, size = 500): ChallengeIssuedData {
  return { challengeId: 'ch-1', nodeId: NODE, reason: 'join', size, seed: 'ab'.repeat(32), claimedGflops, deadlineMs: 10_000, issuedAt: AT };
}

const exact: CheckedColumn[] = [3, 17, 42].map((index) => ({ index, expected: 1000 + index, got: 1000 + index + 0.01 }));

function answer(elapsedMs: number, columns = exact, wellFormed = true): ChallengeAnswer {
  return { elapsedMs, columns, wellFormed, answerHash: 'a'.repeat(64), messageHash: 'b'.repeat(64) };
}

describe('judgeChallenge', () => {
  it('confirms a correct answer at a third of the claim or better, and records the measured speed', () => {
    // 2.5e8 flops in 5 ms = 50 GFLOP/s ≥ 100/3.
    const { judged, fraud } = judgeChallenge(issued(), answer(5), AT);
    expect(judged.outcome).toBe('confirmed');
    expect(judged.measuredGflops).toBeCloseTo(50);
    expect(judged.checkedColumns).toBe(3);
    expect(judged.maxRelativeError).toBeLessThan(1e-4);
    expect(fraud).toBeUndefined();
    expect(() => ChallengeJudged.schema.parse(judged)).not.toThrow();
  });

  it('calls a correct answer between 3x and 20x the claimed time (plus the overhead allowance) slow, without fraud', () => {
    // Claimed 2.5 ms; slow from 3 x 2.5 + 100 ms to 20 x 2.5 + 100 ms. 2.5e8 flops in 120 ms = 2.083 GFLOP/s.
    const { judged, fraud } = judgeChallenge(issued(), answer(120), AT);
    expect(judged.outcome).toBe('slow');
    expect(judged.measuredGflops).toBeCloseTo(2.083, 2);
    expect(fraud).toBeUndefined();
  });

  it('does not call a fast node whose time is mostly the fixed overhead an overclaim', () => {
    // A 5,000 GFLOP/s GPU: 0.05 ms of multiplication, 60 ms of drawing matrices and round trips.
    expect(judgeChallenge(issued(5_000), answer(60), AT).judged.outcome).toBe('confirmed');
  });

  it('calls a correct answer beyond 20x the claimed time plus the allowance an overclaim, with claimed vs measured as evidence', () => {
    const { judged, fraud } = judgeChallenge(issued(), answer(250), AT);
    expect(judged.outcome).toBe('overclaim');
    expect(fraud?.kind).toBe('benchmark-overclaim');
    expect(fraud?.fraudId).toBe('fraud-benchmark-overclaim-ch-1');
    expect(fraud?.challengeId).toBe('ch-1');
    expect(fraud?.evidence.got).toContain('1.000 GFLOP/s');
    expect(fraud?.evidence.expected).toContain('100.0');
    expect(fraud?.evidence.detail).toContain('size 500');
    expect(fraud?.evidence.detail).toContain('250 ms');
    expect(fraud?.evidence.hashes).toEqual({ seed: 'ab'.repeat(32), answer: 'a'.repeat(64), message: 'b'.repeat(64) });
    expect(fraud?.evidenceHash).toBe(evidenceHash(fraud!.evidence));
    expect(() => FraudDetected.schema.parse(fraud)).not.toThrow();
  });

  it('calls an answer with a column off by more than 1e-3 relative wrong, however fast, naming the column', () => {
    const columns = [...exact, { index: 9, expected: 500, got: 501 }];
    const { judged, fraud } = judgeChallenge(issued(), answer(1, columns), AT);
    expect(judged.outcome).toBe('wrong');
    expect(judged.measuredGflops).toBeNull();
    expect(judged.maxRelativeError).toBeCloseTo(0.002);
    expect(fraud?.kind).toBe('wrong-challenge');
    expect(fraud?.evidence.expected).toBe('column 9: 500');
    expect(fraud?.evidence.got).toBe('column 9: 501');
  });

  it('measures small sums against 1, not against their own size', () => {
    const { judged } = judgeChallenge(issued(), answer(5, [{ index: 0, expected: 0, got: 0.0005 }]), AT);
    expect(judged.outcome).toBe('confirmed');
  });

  it('calls a non-finite column sum wrong and keeps the judgement valid JSON', () => {
    const { judged } = judgeChallenge(issued(), answer(5, [{ index: 0, expected: 3, got: Number.NaN }]), AT);
    expect(judged.outcome).toBe('wrong');
    expect(() => ChallengeJudged.schema.parse(JSON.parse(JSON.stringify(judged)))).not.toThrow();
  });

  it('calls an answer of the wrong length wrong', () => {
    const { judged, fraud } = judgeChallenge(issued(), answer(5, [], false), AT);
    expect(judged.outcome).toBe('wrong');
    expect(fraud?.evidence.got).toContain('another length');
  });
});

describe('expiry', () => {
  const clock = { issuedAtMs: 0, startedAtMs: null, deadlineMs: 10_000 };

  it('expires a challenge not started within 60 s of its issue', () => {
    expect(isChallengeExpired(clock, 60_000)).toBe(false);
    expect(isChallengeExpired(clock, 60_001)).toBe(true);
  });

  it('expires a started challenge not answered within its deadline, counted from the start', () => {
    const started = { ...clock, startedAtMs: 55_000 };
    expect(isChallengeExpired(started, 65_000)).toBe(false);
    expect(isChallengeExpired(started, 65_001)).toBe(true);
  });

  it('judges an expired challenge expired, not fraud, with no measurement', () => {
    const judged = expireChallenge(issued(), clock, AT);
    expect(judged).toMatchObject({ outcome: 'expired', measuredGflops: null, elapsedMs: null, checkedColumns: 0 });
  });
});

describe('challenge sizing', () => {
  it('sizes the work at about 0.25 s of the claimed speed, within 64..1536', () => {
    expect(challengeSize(10)).toBe(Math.round(Math.cbrt(1.25e9)));
    expect(challengeSize(100)).toBe(1536);
    expect(challengeSize(0.001)).toBe(64);
    expect(challengeSize(1e6)).toBe(1536);
  });

  it('gives 20 times the claimed time to answer, at least 10 s', () => {
    expect(challengeDeadlineMs(100, 500)).toBe(10_000);
    // 2·1536³ flops at 0.1 GFLOP/s is 72.5 s; 20 times that.
    expect(challengeDeadlineMs(0.1, 1536)).toBe(Math.ceil(20 * ((2 * 1536 ** 3) / 1e8) * 1000));
  });

  it('picks distinct columns', () => {
    let n = 0;
    const columns = pickCheckedColumns(10, () => (n++ % 3) / 3);
    expect(columns).toHaveLength(8);
    expect(new Set(columns).size).toBe(8);
    expect(pickCheckedColumns(4, () => 0.99)).toHaveLength(4);
  });
});
