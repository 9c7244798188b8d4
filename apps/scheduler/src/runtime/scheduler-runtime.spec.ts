import { churn, churnRuntime } from './testing/job-churn';

describe('SchedulerRuntime memory', () => {
  it('forgets finished jobs entirely: tasks, fragment versions, job entries and the matcher state', async () => {
    const runtime = churnRuntime();
    await churn(runtime, 300);
    expect(runtime.sizes()).toEqual({ jobs: 0, tasks: 0, fragmentVersions: 0, waiters: 0, own: 0 });
    expect(runtime.state.stats()).toMatchObject({ jobs: 0, queued: 0, leased: 0, completed: 0, nodes: 1 });
  });

  it('drops a long-poll waiter when it times out', async () => {
    const runtime = churnRuntime();
    await Promise.all(Array.from({ length: 50 }, () => runtime.waitForWork(1)));
    expect(runtime.waitingRequests).toBe(0);
  });
});
