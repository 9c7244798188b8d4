import { JobFragmentsPlanned, type JobFragmentsPlannedData } from '@corex/events';
import { openEventLog, type EventLog } from '@corex/eventstore';
import { disposeTestLog, NATS_URL, uniqueNames } from '../../../../test/support/infra';
import { submitPenguinsJob } from '../../../../test/support/job-submitted';
import { health, sample, scrapeMetrics, total } from '../../../../test/support/metrics';
import { ProtocolNode } from '../../../../test/support/protocol-node';
import { startTestScheduler } from '../../../../test/support/scheduler';
import { until } from '../../../../test/support/until';
import { waitForEvent } from '../../../../test/support/wait-for-event';
import type { RunningScheduler } from '../start-scheduler';

describe('scheduler /metrics and /health', () => {
  const names = uniqueNames('sops');
  let log: EventLog;
  let scheduler: RunningScheduler;
  let url: string;

  beforeAll(async () => {
    log = await openEventLog({ url: NATS_URL, service: 'test', ...names });
    // Leases lapse 300 ms after their last renewal: a node that never heartbeats has its lease expire at once.
    scheduler = await startTestScheduler(names, { COREX_SCHEDULER_HTTP_PORT: '0', COREX_LEASE_TTL_MS: '300', COREX_SWEEP_INTERVAL_MS: '50' });
    url = scheduler.opsUrl!;
  });
  afterAll(async () => {
    await scheduler?.close();
    await disposeTestLog(log);
  });

  it('reports NATS up and the event feed caught up with the log', async () => {
    const { status, body } = await health(url);
    expect(status).toBe(200);
    expect(body).toEqual({ status: 'ok', service: 'scheduler', dependencies: { nats: 'ok' }, consumers: { 'scheduler-event-feed': { lag: 0 } } });
    const text = await scrapeMetrics(url);
    expect(sample(text, 'corex_dependency_up', { dependency: 'nats' })).toBe(1);
    expect(sample(text, 'corex_scheduler_leader')).toBe(1);
  });

  it('counts the fragments of a job as queued, and a lease that lapses as an expiry whose fragment is queued again', async () => {
    expect(total(await scrapeMetrics(url), 'corex_scheduler_queue_depth_fragments')).toBe(0);
    const jobId = await submitPenguinsJob(log);
    const planned = await waitForEvent<JobFragmentsPlannedData>(log, JobFragmentsPlanned.type, (d) => d.jobId === jobId);
    const queued = planned.data.fragments.length;
    await until(async () => (total(await scrapeMetrics(url), 'corex_scheduler_queue_depth_fragments') === queued ? true : undefined), 'the planned fragments queued');

    const node = new ProtocolNode(log, ProtocolNode.hardware(8 * 2 ** 30), 10);
    await node.register();
    const [assignment] = await node.requestWork(1);
    expect(assignment?.jobId).toBe(jobId);

    // No heartbeat renews the lease: the sweeper ends it as expired and the fragment is queued again.
    const text = await until(async () => {
      const t = await scrapeMetrics(url);
      return sample(t, 'corex_scheduler_lease_expiries_total', { reason: 'expired' }) === 1 ? t : undefined;
    }, 'the lease expiry counted');
    expect(total(text, 'corex_scheduler_queue_depth_fragments')).toBe(queued);
    expect(sample(text, 'corex_scheduler_leased_fragments')).toBe(0);
    expect(sample(text, 'corex_consumer_lag_events', { consumer: 'scheduler-event-feed' })).toBeGreaterThanOrEqual(0);
  });

  it('answers another path with a problem, not a 5xx', async () => {
    const res = await fetch(`${url}/nothing`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 404, code: 'OPS.NOT_FOUND' });
  });
});
