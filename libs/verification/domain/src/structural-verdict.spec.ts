import { FragmentRejected, FragmentVerified } from '@corex/events';
import { structuralVerdict } from './structural-verdict';

const result = { fragmentId: 'job-1-s1-f0', jobId: 'job-1', nodeId: `U${'A'.repeat(55)}`, leaseId: 'lease-1', resultHash: 'a'.repeat(64) };
const now = '2026-11-30T09:00:00.000Z';

describe('structuralVerdict', () => {
  it('given a well-formed federated result, then it is verified with method structural', () => {
    const event = structuralVerdict(result, null, { flops: 0, ms: 1 }, now);
    expect(event).toMatchObject({ type: FragmentVerified.type, id: 'verified-lease-1', data: { method: 'structural', sampled: false, leaseId: 'lease-1' } });
    expect(FragmentVerified.schema.safeParse(event.data).success).toBe(true);
  });

  it('given a malformed one, then it is rejected (never fraud) naming the problem', () => {
    const event = structuralVerdict(result, 'round 2, expected 1', { flops: 0, ms: 1 }, now);
    expect(event).toMatchObject({ type: FragmentRejected.type, data: { reason: 'structure: round 2, expected 1' } });
    expect(FragmentRejected.schema.safeParse(event.data).success).toBe(true);
  });
});
