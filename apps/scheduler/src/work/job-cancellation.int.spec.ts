import { FragmentLeaseEnded, JobCancelled, JobCompleted, JobFragmentsPlanned, subjects, type FragmentLeaseEndedData, type JobFragmentsPlannedData } from '@corex/events';
import { openEventLog, type EventLog } from '@corex/eventstore';
import { disposeTestLog, NATS_URL, uniqueNames } from '../../../../test/support/infra';
import { submitPenguinsJob } from '../../../../test/support/job-submitted';
import { ProtocolNode } from '../../../../test/support/protocol-node';
import { startTestScheduler } from '../../../../test/support/scheduler';
import { eventsOfType, waitForEvent } from '../../../../test/support/wait-for-event';
import type { RunningScheduler } from '../start-scheduler';

describe("a job's end closes its open leases, over the real log", () => {
  const names = uniqueNames('cancel');
  let log: EventLog;
  let scheduler: RunningScheduler | undefined;
  const start = () => startTestScheduler(names, { COREX_HEARTBEAT_TIMEOUT_MS: '60000', COREX_WORK_LONG_POLL_MS: '200' });

  beforeAll(async () => {
    log = await openEventLog({ url: NATS_URL, service: 'test', ...names });
    scheduler = await start();
  });
  afterAll(async () => {
    await scheduler?.close();
    await disposeTestLog(log);
  });

  it('ends the lease open on a cancelled job as cancelled, once: nothing is leased again, its late result is refused, and a restart records no second end', async () => {
    const node = new ProtocolNode(log, ProtocolNode.hardware(8 * 2 ** 30));
    await node.register();
    const jobId = await submitPenguinsJob(log, { params: { batchRows: 200 } });
    const planned = await waitForEvent<JobFragmentsPlannedData>(log, JobFragmentsPlanned.type, (d) => d.jobId === jobId);
    expect(planned.data.fragments.length).toBeGreaterThan(1);
    const [assignment] = await node.requestWork(1);
    expect(assignment).toBeDefined();

    const cancelledAt = new Date().toISOString();
    const { version } = await log.store.read(subjects.job(jobId));
    await log.store.append(subjects.job(jobId), [{ type: JobCancelled.type, data: { jobId, accountId: 'acc-1', cancelledAt } }], version);
    const end = await waitForEvent<FragmentLeaseEndedData>(log, FragmentLeaseEnded.type, (d) => d.leaseId === assignment!.leaseId);
    expect(end.id).toBe(`ended-${assignment!.leaseId}`);
    expect(end.data).toEqual({ fragmentId: assignment!.fragmentId, jobId, nodeId: node.nodeId, leaseId: assignment!.leaseId, reason: 'cancelled', endedAt: cancelledAt });

    expect(await node.requestWork(4)).toEqual([]);
    expect(await node.submit(assignment!, 'a'.repeat(64))).toMatchObject({ ok: false });

    await scheduler!.close();
    scheduler = await start();
    // Served after the replay: what the restarted scheduler would record on replay is decided by now.
    expect(await node.requestWork(4)).toEqual([]);
    const ends = (await eventsOfType<FragmentLeaseEndedData>(log, FragmentLeaseEnded.type)).filter((e) => e.data.jobId === jobId);
    expect(ends.map((e) => e.id)).toEqual([`ended-${assignment!.leaseId}`]);
  }, 60_000);

  it('ends a lease still open when its job completes (a replica running late, say) as cancelled at the completion time, not charged to the node', async () => {
    const node = new ProtocolNode(log, ProtocolNode.hardware(8 * 2 ** 30));
    await node.register();
    const jobId = await submitPenguinsJob(log, { params: { batchRows: 200 } });
    await waitForEvent<JobFragmentsPlannedData>(log, JobFragmentsPlanned.type, (d) => d.jobId === jobId);
    const [assignment] = await node.requestWork(1);
    expect(assignment).toBeDefined();

    const completedAt = new Date().toISOString();
    const { version } = await log.store.read(subjects.job(jobId));
    const result = { kind: 'model' as const, resultHash: 'c'.repeat(64), rows: 0 };
    await log.store.append(subjects.job(jobId), [{ type: JobCompleted.type, data: { jobId, result, completedAt } }], version);
    const end = await waitForEvent<FragmentLeaseEndedData>(log, FragmentLeaseEnded.type, (d) => d.leaseId === assignment!.leaseId);
    expect(end.data).toEqual({ fragmentId: assignment!.fragmentId, jobId, nodeId: node.nodeId, leaseId: assignment!.leaseId, reason: 'cancelled', endedAt: completedAt });
    expect(await node.requestWork(4)).toEqual([]);
  }, 60_000);
});
