import { JobFailed, JobFragmentsPlanned, type JobFailedData } from '@corex/events';
import { openEventLog, type EventLog } from '@corex/eventstore';
import { disposeTestLog, NATS_URL, uniqueNames } from '../../../../test/support/infra';
import { submitPenguinsJob } from '../../../../test/support/job-submitted';
import { startTestScheduler } from '../../../../test/support/scheduler';
import { eventsOfType, waitForEvent } from '../../../../test/support/wait-for-event';
import type { RunningScheduler } from '../start-scheduler';

/**
 * The planner is the second line of defence behind the marketplace's checks at submission: a job
 * already in the log (older than those checks) whose params no longer parse, or whose model does
 * not fit its dataset, fails at planning with the submission's code, before any node time is spent.
 */
describe('planning refuses what submission now refuses', () => {
  const names = uniqueNames('plan');
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

  async function failureOf(overrides: Record<string, unknown>): Promise<JobFailedData> {
    const jobId = await submitPenguinsJob(log, overrides);
    const failed = await waitForEvent<JobFailedData>(log, JobFailed.type, (d) => d.jobId === jobId);
    const planned = await eventsOfType<{ jobId: string }>(log, JobFragmentsPlanned.type);
    expect(planned.filter((e) => e.data.jobId === jobId)).toEqual([]);
    return failed.data;
  }

  it('given an old job with a misspelt param, when planned, then it fails JOB.PARAMS_INVALID naming the field, not run with a default', async () => {
    const failed = await failureOf({ params: { bachRows: 64 } });
    expect(failed).toMatchObject({ code: 'JOB.PARAMS_INVALID', reason: expect.stringContaining('params.bachRows') });
  });

  it('given an old job with epochs beyond the range, when planned, then it fails JOB.PARAMS_INVALID instead of being clamped', async () => {
    const failed = await failureOf({ type: 'training', params: { epochs: 5000 } });
    expect(failed).toMatchObject({ code: 'JOB.PARAMS_INVALID', reason: expect.stringContaining('params.epochs') });
  });

  it('given an old job whose model does not fit its dataset, when planned, then it fails with the fit code', async () => {
    // penguins-mlp outputs 3 classes; seattle-weather has 4 features but 5 weather types.
    const failed = await failureOf({ type: 'training', dataset: 'seattle-weather' });
    expect(failed).toMatchObject({ code: 'JOB.MODEL_CLASSES_MISMATCH', reason: expect.stringContaining('penguins-mlp outputs 3 classes') });
  });
});
