import { FragmentAssigned, FragmentCompleted, FragmentLeaseEnded, FragmentRewarded, FragmentVerified, JobCancelled, JobCompleted, VerificationEscalated, type EventEnvelope } from '@corex/events';
import { jobEndsProjection } from './job-ends.projection';
import { nodeLeasesProjection as leases, type NodeLeaseRow } from './node-leases.projection';

const NODE = 'N'.repeat(56);
const lease = { fragmentId: 'f-1', jobId: 'job-1', nodeId: NODE, leaseId: 'l-1' };
const at = '2026-11-30T00:00:00.000Z';
const envelope = (type: string, data: object): EventEnvelope => ({
  specversion: '1.0',
  id: `${type}-id`,
  source: 'test',
  type,
  time: at,
  subject: 'x',
  correlationid: 'c',
  causationid: 'c',
  datacontenttype: 'application/json',
  data: { ...lease, ...data },
});
const assigned = envelope(FragmentAssigned.type, { attempt: 1, score: { total: 1 }, assignedAt: at, leaseExpiresAt: at });
const completed = envelope(FragmentCompleted.type, { resultHash: '3'.repeat(64), durationMs: 1, rowsProcessed: 1, metrics: {}, signature: 's', completedAt: at });
const expired = envelope(FragmentLeaseEnded.type, { reason: 'expired', endedAt: at });
const verified = envelope(FragmentVerified.type, { resultHash: '3'.repeat(64), method: 'recompute', sampled: true, checks: [], cost: { flops: 1, ms: 1 }, verifiedAt: at });
const escalated = envelope(VerificationEscalated.type, { resultHash: '3'.repeat(64), check: 'recompute', reason: 'within noise', escalatedAt: at });
const rewarded = envelope(FragmentRewarded.type, { amount: '7', epoch: 2 });

function play(...events: EventEnvelope[]): NodeLeaseRow | null {
  return events.reduce<NodeLeaseRow | null>((row, e, i) => leases.evolve(row, e, i + 1), null);
}

describe('node leases projection', () => {
  it('given a lease, when it is completed, verified and rewarded, then the row holds each and the reward event decided it last', () => {
    expect(leases.keyOf(assigned)).toBe(`${NODE}/l-1`);
    expect(play(assigned, completed, verified, rewarded)).toMatchObject({ state: 'completed', verdict: 'verified', reward_amount: '7', reward_epoch: 2, decided: { type: FragmentRewarded.type, seq: 4 } });
  });

  it('given a lease that expired, when a late result arrives, then the lease stays expired', () => {
    expect(play(assigned, expired, completed)).toMatchObject({ state: 'expired', decided: { type: FragmentLeaseEnded.type, seq: 2 } });
  });

  it('given a verdict, when an escalation of the same lease follows, then the verdict stays', () => {
    expect(play(assigned, completed, verified, escalated)).toMatchObject({ verdict: 'verified' });
    expect(play(assigned, completed, escalated)).toMatchObject({ verdict: 'escalated', verdict_reason: 'within noise' });
  });

  it('given a lease open when its job was cancelled, when the scheduler records its end, then the row is cancelled and that end decided it', () => {
    const cancelled = envelope(FragmentLeaseEnded.type, { reason: 'cancelled', endedAt: at });
    expect(play(assigned, cancelled)).toMatchObject({ state: 'cancelled', ended_at: at, error: null, decided: { type: FragmentLeaseEnded.type, seq: 2 } });
  });

  it('given no assignment seen, when a verdict arrives, then no row is made', () => {
    expect(play(verified)).toBeNull();
  });
});

describe('job ends projection', () => {
  it('given a job cancelled, when a later terminal event arrives, then the cancellation stays the deciding event', () => {
    const cancelled = envelope(JobCancelled.type, { accountId: 'a', cancelledAt: at });
    const done = envelope(JobCompleted.type, { completedAt: at });
    const row = [cancelled, done].reduce<ReturnType<typeof jobEndsProjection.evolve>>((r, e, i) => jobEndsProjection.evolve(r, e, i + 1), null);
    expect(row).toMatchObject({ job_id: 'job-1', status: 'cancelled', ended: { type: JobCancelled.type, id: `${JobCancelled.type}-id`, seq: 1 } });
  });
});
