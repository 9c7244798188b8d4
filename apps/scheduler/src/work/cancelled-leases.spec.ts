import { JobCancelled, JobSubmitted, type FragmentTask } from '@corex/events';
import pino from 'pino';
import { decideWork } from '@corex/scheduler-domain';
import type { CancelledLeaseEnd } from '../runtime/scheduler-runtime';
import { churnRuntime } from '../runtime/testing/job-churn';
import { endCancelledLeases } from './cancelled-leases';

const NODE = 'U' + 'A'.repeat(55);
const hash = 'a'.repeat(64);
const task: FragmentTask = { kind: 'inference', graphHash: hash, weightsHash: null, inputHash: hash, auxHash: null, outputs: ['probabilities'], rows: 64 };
const cancelledAt = '2026-11-30T12:00:00.000Z';
const logger = pino({ level: 'silent' });

/** A leader's runtime with job `j`: two fragments planned, `j-s0-f0` leased to the node (recorded), `j-s0-f1` queued. */
async function withLeasedJob() {
  const runtime = churnRuntime();
  const appended: Array<{ subject: string; id: string; expectedVersion: number }> = [];
  const store = runtime.log.store as unknown as { append: (s: string, e: Array<{ id: string }>, v: number) => Promise<unknown> };
  const append = store.append;
  store.append = (subject, events, expectedVersion) => {
    appended.push(...events.map((e) => ({ subject, id: e.id, expectedVersion })));
    return append(subject, events, expectedVersion);
  };
  const job = { jobId: 'j', accountId: 'a', type: 'inference', model: 'm', dataset: 'd', budget: '1', priority: 'normal', requirements: {}, params: {}, submittedAt: '' };
  runtime.apply({ seq: 1, event: { type: JobSubmitted.type, subject: 'job.j', data: job } as never }, false);
  const fragments = [0, 1].map((i) => ({ fragmentId: `j-s0-f${i}`, index: i, rowRange: [i * 64, (i + 1) * 64] as [number, number], size: { rows: 64, flops: 1, memoryBytes: 1 }, task }));
  runtime.applyPlanned({ jobId: 'j', step: 0, totalSteps: 1, totalRows: 128, plannedAt: '', fragments });
  const [assigned] = decideWork(runtime.state, { nodeId: NODE, freeMemoryBytes: 2 ** 34, slots: 1, now: Date.now(), epoch: 1 });
  await runtime.recordFragment(assigned!.event);
  const ended: CancelledLeaseEnd[][] = [];
  runtime.onLeasesCancelled = (e) => ended.push([...e]);
  const cancel = (live: boolean) => runtime.apply({ seq: 9, event: { type: JobCancelled.type, subject: 'job.j', data: { jobId: 'j', accountId: 'a', cancelledAt } } as never }, live);
  return { runtime, appended, ended, cancel, leaseId: assigned!.event.data.leaseId };
}

describe('a cancelled job\'s open leases', () => {
  it('given a lease open on the job, when its cancellation is applied live, then its end (cancelled) is handed over at the fragment\'s version, and the job is forgotten', async () => {
    const { runtime, appended, ended, cancel, leaseId } = await withLeasedJob();
    cancel(true);
    // The assignment was the fragment's first append (the null log counts versions from 1).
    expect(appended).toEqual([{ subject: 'fragment.j-s0-f0', id: `assigned-${leaseId}`, expectedVersion: 0 }]);
    expect(ended).toEqual([[{ event: expect.objectContaining({ id: `ended-${leaseId}`, data: expect.objectContaining({ reason: 'cancelled', endedAt: cancelledAt, jobId: 'j' }) }), expectedVersion: 1 }]]);
    expect(runtime.state.stats()).toMatchObject({ jobs: 0, queued: 0, leased: 0 });
  });

  it('given a replayed cancellation, then nothing is handed over (the ends recorded live follow it in the log)', async () => {
    const { runtime, ended, cancel } = await withLeasedJob();
    cancel(false);
    expect(ended).toEqual([]);
    expect(runtime.state.stats()).toMatchObject({ jobs: 0, leased: 0 });
  });

  it('records each end once, at the version handed over, keeping no version of the forgotten fragment', async () => {
    const { runtime, appended, ended, cancel, leaseId } = await withLeasedJob();
    cancel(true);
    cancel(true);
    expect(ended).toHaveLength(1);
    expect(await endCancelledLeases(runtime, logger, ended[0]!)).toBe(1);
    expect(appended.at(-1)).toEqual({ subject: 'fragment.j-s0-f0', id: `ended-${leaseId}`, expectedVersion: ended[0]![0]!.expectedVersion });
    expect(runtime.sizes()).toMatchObject({ jobs: 0, tasks: 0, fragmentVersions: 0 });
    expect(runtime.state.stats()).toMatchObject({ queued: 0, leased: 0 });
  });

  it('logs, and does not throw, an end the log refuses (the fragment moved on meanwhile)', async () => {
    const { runtime, ended, cancel } = await withLeasedJob();
    cancel(true);
    (runtime.log.store as unknown as { append: unknown }).append = () => Promise.reject(new Error('wrong expected version'));
    expect(await endCancelledLeases(runtime, logger, ended[0]!)).toBe(0);
  });
});
