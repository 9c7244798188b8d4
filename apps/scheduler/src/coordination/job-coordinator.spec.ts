import { createLogger } from '@corex/platform';
import type { JobEntry } from '../runtime/job-book';
import type { SchedulerRuntime } from '../runtime/scheduler-runtime';
import { JobCoordinator } from './job-coordinator';

/** A coordinator over one job whose advance is counted and does nothing else. */
function givenOneJob() {
  const entry = { job: { jobId: 'j', type: 'inference' }, phase: 'planned', busy: false, stepFragments: new Map() } as unknown as JobEntry;
  const runtime = { jobs: new Map([['j', entry]]) } as unknown as SchedulerRuntime;
  const coordinator = new JobCoordinator(runtime, createLogger('test', 'silent'));
  let advances = 0;
  let onAdvanced: () => void = () => undefined;
  (coordinator as unknown as { advance: () => Promise<void> }).advance = async () => {
    advances++;
    onAdvanced();
  };
  return { coordinator, entry, advances: () => advances, afterAdvance: (fn: () => void) => (onAdvanced = fn) };
}

const microtasks = async (n: number) => {
  for (let i = 0; i < n; i++) await Promise.resolve();
};

describe('JobCoordinator.poke', () => {
  it('given a poke while the job is being advanced, then it is advanced once more', async () => {
    const { coordinator, advances, afterAdvance } = givenOneJob();
    let poked = false;
    afterAdvance(() => {
      if (poked) return;
      poked = true;
      coordinator.poke('j');
    });
    coordinator.poke('j');
    await microtasks(20);
    expect(advances()).toBe(2);
  });

  it.each([0, 1, 2, 3, 4, 5, 6])('given a poke %i microtasks after the last advance finished, then it is not lost', async (delay) => {
    const { coordinator, entry, advances, afterAdvance } = givenOneJob();
    let once = true;
    afterAdvance(() => {
      if (!once) return;
      once = false;
      // The verifier's verdict arriving while the advance that found nothing to do unwinds.
      void microtasks(delay + 1).then(() => coordinator.poke('j'));
    });
    coordinator.poke('j');
    await microtasks(40);
    expect({ advances: advances(), busy: entry.busy, dirty: entry.dirty }).toEqual({ advances: 2, busy: false, dirty: false });
  });
});
