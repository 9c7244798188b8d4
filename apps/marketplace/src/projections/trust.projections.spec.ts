import { FragmentCompleted, FragmentVerified, FraudDetected, NodeSlashed, type EventEnvelope } from '@corex/events';
import { fragmentVerificationsProjection as verifications, type FragmentVerificationRow } from './fragment-verifications.projection';
import { nodeViolationsProjection as violations } from './node-violations.projection';

const NODE = 'N'.repeat(56);
const hash = (c: string) => c.repeat(64);
const envelope = (type: string, data: unknown): EventEnvelope => ({
  specversion: '1.0',
  id: type,
  source: 'test',
  type,
  time: '2026-11-29T00:00:00.000Z',
  subject: 'x',
  correlationid: 'c',
  causationid: 'c',
  datacontenttype: 'application/json',
  data,
});
const judged = (leaseId: string) => ({ fragmentId: 'f-1', jobId: 'job-1', nodeId: NODE, leaseId, resultHash: hash('3') });
const completed = (leaseId: string) =>
  envelope(FragmentCompleted.type, { ...judged(leaseId), durationMs: 1, rowsProcessed: 1, metrics: {}, signature: 's', completedAt: '2026-11-29T00:01:00.000Z' });
const verified = (leaseId: string) =>
  envelope(FragmentVerified.type, { ...judged(leaseId), method: 'recompute', sampled: true, checks: [], cost: { flops: 10, ms: 1 }, verifiedAt: '2026-11-29T00:02:00.000Z' });
const evidence = { check: 'recompute', expected: 'a', got: 'b', hashes: {}, detail: 'differs' };
const fraud = (leaseId: string, fragmentId: string | null = 'f-1') =>
  envelope(FraudDetected.type, { fraudId: `fraud-wrong-output-${leaseId}`, nodeId: NODE, kind: 'wrong-output', ...(fragmentId ? { jobId: 'job-1', fragmentId } : {}), leaseId, evidence, evidenceHash: `0x${hash('e')}`, detectedAt: '2026-11-29T00:03:00.000Z' });

function play(...events: EventEnvelope[]): FragmentVerificationRow | null {
  return events.reduce<FragmentVerificationRow | null>((row, e, i) => verifications.evolve(row, e, i + 1), null);
}

describe('fragment verifications projection', () => {
  it('given a fraud, when the fragment is redone and verified, then it is verified with the fraud counted and both costs summed', () => {
    const row = play(completed('l-1'), verified('l-1'), fraud('l-1'), completed('l-2'), verified('l-2'));
    expect(row).toMatchObject({ outcome: 'verified', lease_id: 'l-2', frauds: 1, cost_flops: 20, cost_ms: 2 });
  });

  it('given a verdict, when the judged result is delivered again, then the verdict stays', () => {
    expect(play(completed('l-1'), fraud('l-1'), completed('l-1'))).toMatchObject({ outcome: 'fraud' });
    expect(play(completed('l-1'), verified('l-1'), completed('l-9'))).toMatchObject({ outcome: 'verified', lease_id: 'l-1' });
  });

  it('ignores a benchmark fraud, which names no fragment', () => {
    expect(play(fraud('ch-1', null))).toBeNull();
  });
});

describe('node violations projection', () => {
  const slashed = envelope(NodeSlashed.type, { nodeId: NODE, nodeKey: `0x${hash('1')}`, amount: '5', evidenceHash: `0x${hash('E')}`, treasury: `0x${'2'.repeat(40)}`, block: 3, txHash: `0x${hash('A')}` });

  it('joins a fraud and its slash by evidence hash whichever comes first', () => {
    const fraudFirst = [fraud('l-1'), slashed].reduce((row, e, i) => violations.evolve(row, e, i + 1), null as ReturnType<typeof violations.evolve>);
    const slashFirst = [slashed, fraud('l-1')].reduce((row, e, i) => violations.evolve(row, e, i + 1), null as ReturnType<typeof violations.evolve>);
    expect(violations.keyOf(slashed)).toBe(violations.keyOf(fraud('l-1')));
    expect({ ...fraudFirst, version: 0 }).toEqual({ ...slashFirst, version: 0 });
    expect(fraudFirst).toMatchObject({ fraud_id: 'fraud-wrong-output-l-1', slash_tx: `0x${hash('a')}`, slash_amount: '5', slash_block: 3 });
  });
});
