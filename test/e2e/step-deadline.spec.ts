import {
  FragmentLeaseEnded,
  JobCompleted,
  JobFragmentsAbandoned,
  JobFragmentsPlanned,
  JobStepCompleted,
  type FragmentLeaseEndedData,
  type JobCompletedData,
  type JobFragmentsAbandonedData,
  type JobFragmentsPlannedData,
  type JobStepCompletedData,
} from '@corex/events';
import type { RunningScheduler } from '@corex/scheduler-app';
import { startStack, type Stack } from '../support/stack';
import { ProtocolNode } from '../support/protocol-node';
import { startTestScheduler } from '../support/scheduler';
import { waitForEvent } from '../support/wait-for-event';

jest.setTimeout(300_000);

// Leases and heartbeats outlast the test: only the step deadline can take the stalled fragment back.
const LONG_LEASES = { COREX_LEASE_TTL_MS: '600000', COREX_HEARTBEAT_TIMEOUT_MS: '600000' };

describe('a training step whose node stalls', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ trust: false, scheduler: LONG_LEASES });
  });
  afterAll(async () => stack?.close());

  it('closes at the deadline with the stalled fragment recorded as a straggler, refuses its late result, and the job completes', async () => {
    const { apiKey } = await stack.createAccount('deadlines');
    const staller = new ProtocolNode(stack.log, ProtocolNode.hardware(8 * 2 ** 30));
    await staller.register();
    const params = { epochs: 3, shards: 4, stepDeadlineMs: 2_000, minParticipation: 0.75 };
    const submitted = await stack.api('POST', '/v1/jobs', { token: apiKey, body: { type: 'training', model: 'penguins-mlp', dataset: 'penguins', budget: '5', priority: 'normal', params } });
    expect(submitted.status).toBe(202);
    const jobId = submitted.body.id as string;
    await waitForEvent<JobFragmentsPlannedData>(stack.log, JobFragmentsPlanned.type, (d) => d.jobId === jobId && d.step === 0, 60_000);

    // The staller takes one fragment of step 0 and never answers; two honest node-runners do the rest.
    const [stalled] = await staller.requestWork(1);
    expect(stalled).toBeDefined();
    for (const name of ['a', 'b']) stack.spawnNodeRunner(['start', '--json', '--home', stack.home(name), '--name', `node-${name}`, '--slots', '2']);

    const abandoned = await waitForEvent<JobFragmentsAbandonedData>(stack.log, JobFragmentsAbandoned.type, (d) => d.jobId === jobId, 120_000);
    expect(abandoned.data).toMatchObject({ step: 0, reason: 'deadline', fragments: [{ fragmentId: stalled!.fragmentId, nodeId: staller.nodeId }] });
    const ended = await waitForEvent<FragmentLeaseEndedData>(stack.log, FragmentLeaseEnded.type, (d) => d.leaseId === stalled!.leaseId, 30_000);
    expect(ended.data.reason).toBe('cancelled');

    const step0 = await waitForEvent<JobStepCompletedData>(stack.log, JobStepCompleted.type, (d) => d.jobId === jobId && d.step === 0, 60_000);
    expect(step0.data.stragglers).toEqual([{ fragmentId: stalled!.fragmentId, nodeId: staller.nodeId }]);
    expect(step0.data.participants!.map((p) => p.fragmentId).sort()).toEqual(
      Array.from({ length: 4 }, (_, i) => `${jobId}-s0-f${i}`).filter((id) => id !== stalled!.fragmentId),
    );
    expect(step0.data.participants!.every((p) => p.nodeId !== staller.nodeId)).toBe(true);

    // Its result, arriving after all, is stale: the commit is refused, so is the reveal.
    const { reply } = await staller.commit(stalled!, 'c'.repeat(64));
    expect(reply).toMatchObject({ ok: false, code: 'NODE.LEASE_STALE' });

    const completed = await waitForEvent<JobCompletedData>(stack.log, JobCompleted.type, (d) => d.jobId === jobId, 180_000);
    expect(completed.data.result).toMatchObject({ kind: 'model' });
    expect(completed.data.result.accuracy).toBeGreaterThan(0.5);
  });
});

describe('a step deadline across a scheduler restart', () => {
  let stack: Stack;
  let successor: RunningScheduler | undefined;

  beforeAll(async () => {
    stack = await startStack({ trust: false, scheduler: LONG_LEASES });
  });
  afterAll(async () => {
    await successor?.close();
    await stack?.close();
  });

  it('is kept by the scheduler that replays the log: it closes the step at plannedAt + stepDeadlineMs', async () => {
    const { apiKey } = await stack.createAccount('restart');
    const staller = new ProtocolNode(stack.log, ProtocolNode.hardware(8 * 2 ** 30));
    await staller.register();
    const params = { epochs: 2, shards: 4, stepDeadlineMs: 15_000, minParticipation: 0.75 };
    const submitted = await stack.api('POST', '/v1/jobs', { token: apiKey, body: { type: 'training', model: 'penguins-mlp', dataset: 'penguins', budget: '5', priority: 'normal', params } });
    const jobId = submitted.body.id as string;
    const planned = await waitForEvent<JobFragmentsPlannedData>(stack.log, JobFragmentsPlanned.type, (d) => d.jobId === jobId && d.step === 0, 60_000);
    const [stalled] = await staller.requestWork(1);

    // The scheduler that planned the step goes; a new one rebuilds its state from the log.
    await stack.scheduler.close();
    successor = await startTestScheduler(stack.names, { ...LONG_LEASES, COREX_REPLICA_WAIT_MS: '2000' });
    for (const name of ['a', 'b']) stack.spawnNodeRunner(['start', '--json', '--home', stack.home(name), '--name', `node-${name}`, '--slots', '2']);

    const abandoned = await waitForEvent<JobFragmentsAbandonedData>(stack.log, JobFragmentsAbandoned.type, (d) => d.jobId === jobId, 180_000);
    expect(abandoned.data.fragments).toEqual([{ fragmentId: stalled!.fragmentId, nodeId: staller.nodeId }]);
    expect(Date.parse(abandoned.data.abandonedAt)).toBeGreaterThanOrEqual(Date.parse(planned.data.plannedAt) + params.stepDeadlineMs);
    await waitForEvent<JobCompletedData>(stack.log, JobCompleted.type, (d) => d.jobId === jobId, 180_000);
  });
});
