import { JobFragmentsPlanned, JobSubmitted, subjects, type JobFragmentsPlannedData } from '@corex/events';
import { openEventLog, type EventLog } from '@corex/eventstore';
import { disposeTestLog, NATS_URL, uniqueNames } from '../../../../test/support/infra';
import { submitPenguinsJob } from '../../../../test/support/job-submitted';
import { startTestScheduler } from '../../../../test/support/scheduler';
import { waitForEvent } from '../../../../test/support/wait-for-event';
import type { RunningScheduler } from '../start-scheduler';

describe('scheduler correlation', () => {
  const names = uniqueNames('scor');
  let log: EventLog;
  let scheduler: RunningScheduler;

  beforeAll(async () => {
    log = await openEventLog({ url: NATS_URL, service: 'test', ...names });
    scheduler = await startTestScheduler(names);
  });
  afterAll(async () => {
    await scheduler?.close();
    await disposeTestLog(log);
  });

  it('plans a job under the correlation of its submission, caused by it', async () => {
    const jobId = await submitPenguinsJob(log);
    const planned = await waitForEvent<JobFragmentsPlannedData>(log, JobFragmentsPlanned.type, (d) => d.jobId === jobId);
    const submitted = (await log.store.read(subjects.job(jobId))).events.find((e) => e.event.type === JobSubmitted.type)!.event;
    expect([planned.correlationid, planned.causationid]).toEqual([submitted.correlationid, submitted.id]);
  });
});
