import { JobCancelled, JobStepCompleted, subjects } from '@corex/events';
import { WrongExpectedVersionError } from '@corex/eventstore';
import { startHarness, type Harness } from './marketplace-harness';
import { work } from './work-events';

const trainingJob = { type: 'training', model: 'penguins-mlp', dataset: 'penguins', budget: '5' };

describe('marketplace cancel on a busy job', () => {
  let h: Harness;
  let alice: { id: string; apiKey: string };

  beforeAll(async () => {
    h = await startHarness();
    alice = await h.createAccount('alice');
  });
  afterAll(async () => h.close());

  /**
   * Appends training steps back to back, as fast as the log takes them, until another writer gets
   * in or the test gives up (`stopped()`): a writer left running would append into the next suite.
   */
  async function appendStepsUntilConflict(jobId: string, started: () => void, stopped: () => boolean): Promise<number> {
    const subject = subjects.job(jobId);
    let { version } = await h.log.store.read(subject);
    for (let step = 1; !stopped(); step++) {
      try {
        version = (await h.log.store.append(subject, [work.step(jobId, step, 0.5)], version)).version;
        if (step === 20) started();
      } catch (err) {
        if (err instanceof WrongExpectedVersionError) return step - 1;
        throw err;
      }
    }
    throw new Error('the writer was stopped before any conflict');
  }

  it('lands a cancel with 202 while another writer appends job events as fast as it can', async () => {
    const submitted = await h.request('POST', '/v1/jobs', { token: alice.apiKey, body: trainingJob });
    expect(submitted.status).toBe(202);
    const id = submitted.body.id;
    let busy!: () => void;
    const writing = new Promise<void>((resolve) => (busy = resolve));
    let stop = false;
    const writer = appendStepsUntilConflict(id, busy, () => stop);
    let steps: number;
    try {
      await Promise.race([writing, writer]);
      const res = await h.request('POST', `/v1/jobs/${id}/cancel`, { token: alice.apiKey });
      expect({ status: res.status, body: res.body }).toEqual({ status: 202, body: { id, status: 'cancelled' } });
      steps = await writer; // the writer stops at its first conflict: the cancellation
    } finally {
      stop = true;
      await writer.catch(() => undefined);
    }
    const types = (await h.log.store.read(subjects.job(id))).events.map((e) => e.event.type);
    expect(types.at(-1)).toBe(JobCancelled.type);
    expect(types.filter((t) => t === JobStepCompleted.type)).toHaveLength(steps);
  });
});
