import { createHash } from 'node:crypto';
import { subjects, type NewEvent } from '@corex/events';
import { applyMergePatch } from '../src/jobs/job-events/view-patch';
import { startHarness, type Harness } from './marketplace-harness';
import { openSse, type SseStream } from './sse-client';
import { NODE_A, NODE_B, work } from './work-events';

// An upper bound, not a speed check: the 1,000-step job takes ~110 s alone, but more than 300 s
// late in a full `npm test` (one jest process, its heap grown past 4 GB by the suites before).
jest.setTimeout(900_000);

/** A training step as the scheduler reports it: new weights every step. */
function stepWithOwnWeights(jobId: string, step: number, accuracy: number): NewEvent {
  const e = work.step(jobId, step, accuracy);
  return { ...e, data: { ...(e.data as object), weightsHash: createHash('sha256').update(`${jobId}:${step}`).digest('hex') } };
}

const STEPS = 1000;
const SHARDS = 4;
const ROWS_PER_SHARD = 50;

/**
 * The live view of a long training job stays lean: its event stream carries what changed, not
 * the job again with every step so far. The scheduler's events of a 1,000-step job (per step:
 * the step's fragments planned, each assigned to a node and completed, the step's metrics) are
 * appended to the real log, one append each as the scheduler makes them, through the real
 * projection and the real SSE route; each step is appended only once the stream delivered the
 * previous one (its latestStep), so the stream cannot save bytes by folding many steps into one event.
 */
describe('the event stream of a job', () => {
  let h: Harness;
  let alice: { id: string; apiKey: string };
  beforeAll(async () => {
    // No patch held back: every projection batch that touches the job is a patch (the most bytes).
    h = await startHarness({ env: { SSE_PATCH_INTERVAL_MS: '0' } });
    alice = await h.createAccount('alice');
  });
  afterAll(async () => h.close());

  async function nextEvent(stream: SseStream): Promise<{ event?: string; data: any } | null> {
    for (let frame = await stream.next(); frame; frame = await stream.next()) if (frame.data) return { event: frame.event, data: JSON.parse(frame.data) };
    return null;
  }

  it('of a 1,000-step training job stays under 100 KB per 100 steps, shows every step, and its patches add up to the job view', async () => {
    const submitted = await h.request('POST', '/v1/jobs', { token: alice.apiKey, body: { type: 'training', model: 'penguins-mlp', dataset: 'penguins', budget: '5' } });
    const id: string = submitted.body.id;
    const stream = await openSse(`${h.api.url}/v1/jobs/${id}/events`, alice.apiKey);
    const first = await nextEvent(stream);
    expect(first).toMatchObject({ event: 'job', data: { id, status: 'submitted' } });
    let view = first!.data;
    /** Each step as it arrived in a patch's latestStep. */
    const steps: number[] = [];
    const apply = (patch: any) => {
      view = applyMergePatch(view, patch);
      if (patch.latestStep) steps.push(view.latestStep.step);
    };

    let jobVersion = (await h.log.store.read(subjects.job(id))).version;
    const appendToJob = async (events: NewEvent[]) => (jobVersion = (await h.log.store.append(subjects.job(id), events, jobVersion)).version);
    /** Reads events until the stream delivered the step `step`, applying the patches on the way. */
    const readThroughStep = async (step: number) => {
      while (steps.at(-1) !== step) {
        const e = await nextEvent(stream);
        if (!e) throw new Error(`stream ended before step ${step}`);
        apply(e.data);
      }
    };

    const bytesPer100Steps: number[] = [];
    let windowStart = stream.bytesReceived();
    for (let step = 0; step < STEPS; step++) {
      const fragments = Array.from({ length: SHARDS }, (_, i) => ({ id: `${id}-s${step}-f${i}`, rows: ROWS_PER_SHARD }));
      await appendToJob([work.planned(id, fragments, step, STEPS)]);
      for (const [i, f] of fragments.entries()) {
        const lease = `${f.id}-l1`;
        const node = i % 2 ? NODE_B : NODE_A;
        const assigned = await h.log.store.append(subjects.fragment(f.id), [work.assigned(id, f.id, lease, node)], 0);
        await h.log.store.append(subjects.fragment(f.id), [work.fragmentCompleted(id, f.id, lease, f.rows, node)], assigned.version);
      }
      await appendToJob([stepWithOwnWeights(id, step, 0.3 + (0.6 * step) / STEPS)]);
      await readThroughStep(step);
      if (step % 100 === 99) {
        bytesPer100Steps.push(stream.bytesReceived() - windowStart);
        windowStart = stream.bytesReceived();
      }
    }
    await appendToJob([work.completed(id, { accuracy: 0.9 })]);
    for (let e = await nextEvent(stream); e; e = await nextEvent(stream)) apply(e.data);

    expect(bytesPer100Steps).toHaveLength(10);
    for (const bytes of bytesPer100Steps) expect(bytes).toBeLessThan(100 * 1024);
    expect(steps).toEqual(Array.from({ length: STEPS }, (_, i) => i));
    const job = (await h.request('GET', `/v1/jobs/${id}`, { token: alice.apiKey })).body;
    expect(view).toEqual(withoutGetOnly(job));
    expect(view).toMatchObject({
      status: 'completed',
      progress: { step: STEPS - 1, totalSteps: STEPS, fragments: { planned: STEPS * SHARDS, completed: STEPS * SHARDS, inProgress: 0 } },
      latestStep: { step: STEPS - 1 },
    });
    console.log(`SSE bytes per 100 steps: ${bytesPer100Steps.join(', ')}`);
  });
});

describe('the event stream of a job, with a patch interval', () => {
  let h: Harness;
  let alice: { id: string; apiKey: string };
  beforeAll(async () => {
    h = await startHarness({ env: { SSE_PATCH_INTERVAL_MS: '60000' } });
    alice = await h.createAccount('alice');
  });
  afterAll(async () => h.close());

  it('merges the changes within an interval into one patch, and sends the terminal one at once', async () => {
    const id: string = (await h.request('POST', '/v1/jobs', { token: alice.apiKey, body: { type: 'training', model: 'penguins-mlp', dataset: 'penguins', budget: '5' } })).body.id;
    const stream = await openSse(`${h.api.url}/v1/jobs/${id}/events`, alice.apiKey);
    const events: Array<{ event?: string; data: any }> = [];
    const nextEvent = async () => {
      for (let frame = await stream.next(); frame; frame = await stream.next()) if (frame.data) return { event: frame.event, data: JSON.parse(frame.data) };
      return null;
    };
    events.push((await nextEvent())!);
    const settled = async (subject: string, batch: NewEvent[]) => h.settle(await h.append(subject, batch));

    await settled(subjects.job(id), [work.planned(id, [{ id: `${id}-f1`, rows: 10 }, { id: `${id}-f2`, rows: 10 }], 0, 1)]);
    events.push((await nextEvent())!); // the first patch goes out at once
    // Each change below is applied by the projection on its own, within one interval.
    await settled(subjects.fragment(`${id}-f1`), [work.assigned(id, `${id}-f1`, `${id}-l1`)]);
    await settled(subjects.fragment(`${id}-f2`), [work.assigned(id, `${id}-f2`, `${id}-l2`, NODE_B)]);
    await settled(subjects.fragment(`${id}-f1`), [work.fragmentCompleted(id, `${id}-f1`, `${id}-l1`, 10)]);
    await settled(subjects.fragment(`${id}-f2`), [work.fragmentCompleted(id, `${id}-f2`, `${id}-l2`, 10, NODE_B)]);
    await h.append(subjects.job(id), [work.step(id, 0, 0.8), work.completed(id)]);
    for (let e = await nextEvent(); e; e = await nextEvent()) events.push(e);

    expect(events.map((e) => e.event ?? 'patch')).toEqual(['job', 'patch', 'patch']);
    expect(events[1]!.data).toMatchObject({ status: 'planned' });
    expect(events[2]!.data).toMatchObject({
      status: 'completed',
      progress: { fragments: { completed: 2 }, rows: { processed: 20 } },
      latestStep: { step: 0, accuracy: 0.8 },
    });
    const view = events.slice(1).reduce((v, e) => applyMergePatch(v, e.data) as any, events[0]!.data);
    expect(view).toEqual(withoutGetOnly((await h.request('GET', `/v1/jobs/${id}`, { token: alice.apiKey })).body));
  });
});

/** The job view as the stream carries it: GET alone adds the cost (rewards charged so far) and the verification. */
function withoutGetOnly({ cost: _cost, verification: _verification, ...view }: Record<string, unknown>): Record<string, unknown> {
  return view;
}
