import { FragmentRejected, FragmentVerified, FraudDetected, VerificationEscalated, type ResultViolationData } from '@corex/events';
import { evidenceHash } from './evidence';
import { decideCopy, decideReplicaAgreement, decideViolation, planVerification } from './group-checks';
import { sampledRows, spotCheckDrawn } from './spot-check';
import { compareGradients, compareOutputs, lossDecrease, normAgainstPeers } from './tolerances';
import { decideVerdict, type CheckRun, type VerdictInput } from './verdicts';

const now = '2026-11-30T06:00:00.000Z';
const hash = (c: string) => c.repeat(64);
const result = { fragmentId: 'f-1', jobId: 'job-1', nodeId: 'node-a', leaseId: 'lease-1', resultHash: hash('a') };
const trusted = { reputation: 0.9, verifiedFragments: 40 };
const newNode = { reputation: null, verifiedFragments: 0 };

function given(checks: CheckRun[], over: Partial<VerdictInput> = {}): VerdictInput {
  return { result, taskKind: 'inference', method: 'recompute', sampled: false, checks, escalations: 0, cost: { flops: 10, ms: 2 }, hashes: { result: hash('a') }, now, ...over };
}

const tensor = (...values: number[]) => ({ data: Float32Array.from(values), dims: [values.length] });

describe('decideVerdict', () => {
  it('verifies a result whose recompute matches within 1e-4', () => {
    const check = compareOutputs('recompute', { p: tensor(1, 2) }, { p: tensor(1.00005, 2) });
    const decision = decideVerdict(given([check]));
    expect(decision).toMatchObject({ kind: 'event', event: { id: 'verified-lease-1', type: FragmentVerified.type, data: { method: 'recompute', checks: [{ outcome: 'pass' }] } } });
  });

  it('detects wrong output when a recomputed value differs by more than 1e-2, with evidence and its hash', () => {
    const check = compareOutputs('recompute', { p: tensor(1, 2) }, { p: tensor(1, 0) });
    const decision = decideVerdict(given([{ ...check, expected: '[1, 2]', got: '[1, 0]' }]));
    if (decision.kind !== 'event') throw new Error('expected an event');
    const data = decision.event.data as { kind: string; fraudId: string; evidence: never; evidenceHash: string };
    expect(decision.event.type).toBe(FraudDetected.type);
    expect(data).toMatchObject({ kind: 'wrong-output', fraudId: 'fraud-wrong-output-lease-1', evidence: { check: 'recompute', expected: '[1, 2]', got: '[1, 0]' } });
    expect(data.evidenceHash).toBe(evidenceHash(data.evidence));
  });

  it('escalates an inconclusive comparison the first time and rejects it the second time, never fraud', () => {
    const check = compareOutputs('sampled-rows', { p: tensor(1) }, { p: tensor(1.001) });
    expect(check.outcome).toBe('inconclusive');
    const first = decideVerdict(given([check]));
    const second = decideVerdict(given([check], { escalations: 1 }));
    expect(first).toMatchObject({ event: { id: 'escalated-lease-1', type: VerificationEscalated.type } });
    expect(second).toMatchObject({ event: { id: 'rejected-lease-1', type: FragmentRejected.type } });
  });

  it('escalates on an infrastructure error (a missing blob) instead of blaming the node', () => {
    const decision = decideVerdict(given([], { infraError: 'input blob missing' }));
    expect(decision).toMatchObject({ event: { type: VerificationEscalated.type, data: { check: 'infrastructure', reason: 'input blob missing' } } });
  });

  it('asks for a full recompute when only a cheap gradient check failed', () => {
    expect(decideVerdict(given([lossDecrease(1, 1)], { taskKind: 'gradient', method: 'cheap-checks' }))).toMatchObject({ kind: 'recompute' });
  });

  it('lets a passing recompute overrule a failed loss-decrease check and a norm outlier', () => {
    const checks = [lossDecrease(1, 1), normAgainstPeers(50, [1, 1]), { check: 'recompute', outcome: 'pass' as const }];
    expect(decideVerdict(given(checks, { taskKind: 'gradient' }))).toMatchObject({ event: { type: FragmentVerified.type } });
  });

  it('escalates a gradient norm outlier when nothing was recomputed', () => {
    expect(decideVerdict(given([lossDecrease(2, 1), normAgainstPeers(50, [1, 1])], { taskKind: 'gradient', method: 'cheap-checks' }))).toMatchObject({
      event: { type: VerificationEscalated.type, data: { check: 'gradient-norm' } },
    });
  });

  it('names a failed recompute of a result accepted before for another task a replay', () => {
    const decision = decideVerdict(given([{ check: 'recompute', outcome: 'fail', detail: 'differs' }], { replayOf: { leaseId: 'old-lease', fragmentId: 'f-0' } }));
    expect(decision).toMatchObject({ event: { data: { kind: 'replayed-result', fraudId: 'fraud-replayed-result-lease-1' } } });
    expect(JSON.stringify(decision)).toContain('old-lease');
  });

  it('names a failed gradient recompute wrong-gradient', () => {
    const check = compareGradients('recompute', Float32Array.from([1, 2, 3]), new Float32Array(3));
    expect(decideVerdict(given([check], { taskKind: 'gradient' }))).toMatchObject({ event: { data: { kind: 'wrong-gradient' } } });
  });
});

describe('tolerances', () => {
  it('passes gradients at cosine 1 and fails a zeroed or reversed one; a small residual is inconclusive', () => {
    const g = Float32Array.from([1, -2, 3, 4]);
    expect(compareGradients('c', g, Float32Array.from(g)).outcome).toBe('pass');
    expect(compareGradients('c', g, g.map((v) => -v)).outcome).toBe('fail');
    expect(compareGradients('c', g, g.map((v, i) => v + (i === 0 ? 0.05 : 0))).outcome).toBe('inconclusive');
  });

  it('fails an output with another shape or a NaN', () => {
    expect(compareOutputs('r', { p: tensor(1, 2) }, { p: tensor(1) }).outcome).toBe('fail');
    expect(compareOutputs('r', { p: tensor(1) }, { p: tensor(NaN) }).outcome).toBe('fail');
  });

  it('escalates a gradient norm more than 10x or under 0.1x its peers median', () => {
    expect(normAgainstPeers(11, [1, 1, 1]).outcome).toBe('inconclusive');
    expect(normAgainstPeers(0.05, [1, 1, 1]).outcome).toBe('inconclusive');
    expect(normAgainstPeers(2, [1, 1, 3]).outcome).toBe('pass');
    expect(normAgainstPeers(100, []).outcome).toBe('pass');
  });
});

describe('spot-check draw', () => {
  it('draws the same for the same lease id, so a replay decides the same, and about p of leases', () => {
    expect(spotCheckDrawn('lease-x', 0.3)).toBe(spotCheckDrawn('lease-x', 0.3));
    const drawn = Array.from({ length: 2000 }, (_, i) => spotCheckDrawn(`lease-${i}`, 0.3)).filter(Boolean).length;
    expect(drawn).toBeGreaterThan(500);
    expect(drawn).toBeLessThan(700);
    expect(sampledRows('lease-x', 100, 8)).toEqual(sampledRows('lease-x', 100, 8));
    expect(new Set(sampledRows('lease-x', 100, 8)).size).toBe(8);
    expect(sampledRows('lease-x', 5, 8)).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('planVerification', () => {
  const base = { leaseId: 'lease-1', taskKind: 'inference' as const, policy: undefined, replicaPending: false };
  it('waits for the replica of a new node, and recomputes when no replica runs', () => {
    expect(planVerification({ ...base, trust: newNode, replicaPending: true })).toEqual({ kind: 'await-replica' });
    expect(planVerification({ ...base, trust: newNode })).toMatchObject({ kind: 'check', method: 'recompute' });
  });

  it('spot-checks a trusted node by its draw: sampled rows for inference, full recompute for gradients', () => {
    const lease = Array.from({ length: 100 }, (_, i) => `l-${i}`).find((id) => spotCheckDrawn(id, 0.3))!;
    const missed = Array.from({ length: 100 }, (_, i) => `l-${i}`).find((id) => !spotCheckDrawn(id, 1))!;
    expect(planVerification({ ...base, leaseId: lease, trust: trusted, policy: { mode: 'spot-check', rate: 0.3 } })).toMatchObject({ method: 'sampled-rows', sampled: true });
    expect(planVerification({ ...base, leaseId: lease, taskKind: 'gradient', trust: trusted, policy: { mode: 'spot-check', rate: 0.3 } })).toMatchObject({
      method: 'recompute',
      gradientChecks: true,
    });
    expect(missed).toBeUndefined();
  });

  it('spot-checks a statistics fragment by a full recompute: its outputs are not one row per input row', () => {
    const lease = Array.from({ length: 100 }, (_, i) => `l-${i}`).find((id) => spotCheckDrawn(id, 0.3))!;
    expect(planVerification({ ...base, leaseId: lease, taskKind: 'statistics', trust: trusted, policy: { mode: 'spot-check', rate: 0.3 } })).toMatchObject({
      method: 'recompute',
      sampled: true,
      gradientChecks: false,
    });
  });

  it('only cheap checks for a trusted node not drawn', () => {
    const lease = Array.from({ length: 100 }, (_, i) => `l-${i}`).find((id) => !spotCheckDrawn(id, 0.05))!;
    expect(planVerification({ ...base, leaseId: lease, taskKind: 'gradient', trust: { reputation: 1, verifiedFragments: 100 } })).toMatchObject({
      method: 'cheap-checks',
      gradientChecks: true,
    });
  });
});

describe('replicas, copies and violations', () => {
  const replica = { ...result, fragmentId: 'f-1-r1', nodeId: 'node-b', leaseId: 'lease-2' };
  it('verifies both when the replica reveals the same hash', () => {
    const events = decideReplicaAgreement(result, replica, null, { flops: 1, ms: 1 }, now);
    expect(events?.map((e) => [e.id, (e.data as { method: string }).method])).toEqual([
      ['verified-lease-1', 'replica'],
      ['verified-lease-2', 'replica'],
    ]);
  });

  it('leaves a disagreeing pair to a recompute', () => {
    const other = { ...replica, resultHash: hash('b') };
    expect(decideReplicaAgreement(result, other, { check: 'replica', outcome: 'fail' }, { flops: 1, ms: 1 }, now)).toBeNull();
    expect(decideReplicaAgreement(result, other, { check: 'replica', outcome: 'pass' }, { flops: 1, ms: 1 }, now)).toHaveLength(2);
  });

  it('detects a copy: another node revealed the hash and the commitment does not open it', () => {
    const group = [{ nodeId: 'node-b', leaseId: 'lease-2', resultHash: hash('a') }];
    expect(decideCopy(result, true, group, {}, now)).toBeNull();
    expect(decideCopy(result, false, group, {}, now)).toMatchObject({ data: { kind: 'copied-result', fraudId: 'fraud-copied-result-lease-1' } });
  });

  const violation: ResultViolationData = {
    fragmentId: 'f-1',
    jobId: 'job-1',
    nodeId: 'node-a',
    leaseId: 'lease-1',
    kind: 'duplicate-result',
    resultHash: hash('c'),
    messageHash: hash('d'),
    signature: 'sig',
    detail: 'second result',
    observedAt: now,
  };
  it.each(['duplicate-result', 'unleased-result', 'reveal-mismatch'] as const)('turns a %s violation into fraud of that kind with the message hash', (kind) => {
    const event = decideViolation({ ...violation, kind }, [], now);
    expect(event).toMatchObject({ id: `fraud-${kind}-lease-1`, data: { kind, evidence: { hashes: { messageHash: hash('d'), signature: 'sig' } } } });
  });

  it('names a reveal mismatch carrying another node’s revealed hash a copy', () => {
    const event = decideViolation({ ...violation, kind: 'reveal-mismatch' }, [{ nodeId: 'node-b', leaseId: 'lease-2', resultHash: hash('c') }], now);
    expect(event.data).toMatchObject({ kind: 'copied-result' });
  });
});
