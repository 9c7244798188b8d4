import { FragmentAssigned, JobFragmentsPlanned, StakeChanged, subjects, type JobFragmentsPlannedData } from '@corex/events';
import { openEventLog, type EventLog } from '@corex/eventstore';
import { disposeTestLog, NATS_URL, uniqueNames } from '../../../../test/support/infra';
import { submitPenguinsJob } from '../../../../test/support/job-submitted';
import { ProtocolNode } from '../../../../test/support/protocol-node';
import { startTestScheduler } from '../../../../test/support/scheduler';
import { waitForEvent } from '../../../../test/support/wait-for-event';
import type { RunningScheduler } from '../start-scheduler';

const CXT = 10n ** 18n;

describe('stake in scheduling, over the real log', () => {
  const names = uniqueNames('stake');
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

  async function plannedJob(minStake?: string): Promise<JobFragmentsPlannedData> {
    const jobId = await submitPenguinsJob(log, { params: { batchRows: 200 }, ...(minStake ? { requirements: { minStake } } : {}) });
    return (await waitForEvent<JobFragmentsPlannedData>(log, JobFragmentsPlanned.type, (d) => d.jobId === jobId)).data;
  }

  it('scores with the on-chain boost, honours minStake, and keeps both after a restart (replay)', async () => {
    const node = new ProtocolNode(log, ProtocolNode.hardware(8 * 2 ** 30));
    await node.register();
    const data = { nodeId: node.nodeId, nodeKey: `0x${'1'.repeat(64)}`, staker: `0x${'2'.repeat(40)}`, active: String(50_500n * CXT), pending: '0', boostBps: 24_400, verifier: true, block: 12, txHash: `0x${'3'.repeat(64)}` };
    await log.store.append(subjects.stake(node.nodeId), [{ id: `chain:31337:0x${'3'.repeat(64)}:0`, type: StakeChanged.type, data }], 0);

    // Needs more stake than the node has: it waits, the node gets nothing.
    const guarded = await plannedJob('100000');
    expect(await node.requestWork(4)).toEqual([]);
    // Within the node's stake: leased, and the recorded score carries boostBps / 10000.
    const open = await plannedJob('50000');
    const [assignment] = await node.requestWork(1);
    expect(open.fragments.map((f) => f.fragmentId)).toContain(assignment!.fragmentId);
    const assigned = await waitForEvent<{ leaseId: string; score: Record<string, number> }>(log, FragmentAssigned.type, (d) => d.leaseId === assignment!.leaseId);
    expect(assigned.data.score['stakeBoost']).toBe(2.44);

    await scheduler!.close();
    scheduler = await start();
    const [again] = await node.requestWork(1);
    expect(open.fragments.map((f) => f.fragmentId)).toContain(again!.fragmentId);
    expect(guarded.fragments.map((f) => f.fragmentId)).not.toContain(again!.fragmentId);
    const reassigned = await waitForEvent<{ leaseId: string; score: Record<string, number> }>(log, FragmentAssigned.type, (d) => d.leaseId === again!.leaseId);
    expect(reassigned.data.score['stakeBoost']).toBe(2.44);
  }, 60_000);
});
