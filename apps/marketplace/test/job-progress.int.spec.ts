import { subjects } from '@corex/events';
import { startHarness, type Harness } from './marketplace-harness';
import { expectProblem } from './problems';
import { applyMergePatch } from '../src/jobs/job-events/view-patch';
import { openSse } from './sse-client';
import { minuteIso, NODE_B, work } from './work-events';

const validJob = { type: 'training', model: 'penguins-mlp', dataset: 'penguins', budget: '5' };
/** The marketplace's clock, five minutes after the first assignment of the work events. */
const NOW = new Date(minuteIso(7));

describe('marketplace job progress', () => {
  let h: Harness;
  let alice: { id: string; apiKey: string };
  let bob: { id: string; apiKey: string };

  async function submit(token = alice.apiKey): Promise<string> {
    const res = await h.request('POST', '/v1/jobs', { token, body: validJob });
    expect(res.status).toBe(202);
    return res.body.id;
  }

  /** Appends events one after another where the scheduler would, then waits for the read models. */
  async function schedulerAppends(...batches: Array<[string, ReturnType<typeof work.planned>[]]>): Promise<void> {
    let seq = 0;
    for (const [subject, events] of batches) seq = await h.append(subject, events);
    await h.settle(seq);
  }

  const getJob = async (id: string, token = alice.apiKey) => (await h.request('GET', `/v1/jobs/${id}`, { token })).body;

  beforeAll(async () => {
    h = await startHarness({ now: () => NOW });
    alice = await h.createAccount('alice');
    bob = await h.createAccount('bob');
  });
  afterAll(async () => h.close());

  it('follows a training job from planned through running to completed with its counters', async () => {
    const id = await submit();
    await schedulerAppends([subjects.job(id), [work.planned(id, [{ id: `${id}-f1`, rows: 40 }, { id: `${id}-f2`, rows: 60 }], 0, 2)]]);
    expect(await getJob(id)).toMatchObject({ status: 'planned', progress: { fragments: { planned: 2, inProgress: 0 }, rows: { total: 200 } } });

    await schedulerAppends(
      [subjects.fragment(`${id}-f1`), [work.assigned(id, `${id}-f1`, `${id}-l1`)]],
      [subjects.fragment(`${id}-f2`), [work.assigned(id, `${id}-f2`, `${id}-l2`, NODE_B)]],
    );
    const running = await getJob(id);
    expect(running).toMatchObject({ status: 'running', startedAt: minuteIso(2), elapsedMs: 5 * 60_000, progress: { fragments: { inProgress: 2 } } });

    await schedulerAppends(
      [subjects.fragment(`${id}-f1`), [work.leaseEnded(id, `${id}-f1`, `${id}-l1`), work.assigned(id, `${id}-f1`, `${id}-l3`, NODE_B, 2, 3)]],
      [subjects.fragment(`${id}-f1`), [work.fragmentCompleted(id, `${id}-f1`, `${id}-l3`, 40, NODE_B)]],
      [subjects.fragment(`${id}-f2`), [work.fragmentCompleted(id, `${id}-f2`, `${id}-l2`, 60, NODE_B)]],
      [subjects.job(id), [work.step(id, 0, 0.7), work.completed(id, { accuracy: 0.91 })]],
    );
    expect(await getJob(id)).toMatchObject({
      status: 'completed',
      progress: { step: 0, totalSteps: 2, fragments: { planned: 2, inProgress: 0, completed: 2, failed: 1 }, rows: { total: 200, processed: 100 } },
      latestStep: { step: 0, loss: expect.closeTo(0.3, 9), accuracy: 0.7 },
      bestStep: { step: 0, accuracy: 0.7 },
      result: { kind: 'model', accuracy: 0.91 },
      failure: null,
      completedAt: '2026-11-26T09:10:00.000Z',
      elapsedMs: 8 * 60_000,
    });
  });

  it('pages the steps of a training job through their own route, in step order, and 404 to another tenant', async () => {
    const id = await submit();
    const accuracies = Array.from({ length: 25 }, (_, i) => 0.5 + (i % 7) / 20);
    const seq = await h.append(subjects.job(id), [work.planned(id, [{ id: `${id}-f1`, rows: 10 }], 0, 25), ...accuracies.map((a, i) => work.step(id, i, a))]);
    await h.settle(seq, ['marketplace.jobs', 'marketplace.job_steps']);

    const job = await getJob(id);
    expect(job).not.toHaveProperty('steps');
    expect(job).toMatchObject({ latestStep: { step: 24 }, bestStep: { step: 6, accuracy: 0.8 } });
    const pages: any[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const res = await h.request('GET', `/v1/jobs/${id}/steps?limit=10${cursor ? `&cursor=${cursor}` : ''}`, { token: alice.apiKey });
      expect(res.status).toBe(200);
      pages.push(res.body.items);
      cursor = res.body.nextCursor;
    }
    expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
    expect(pages.flat().map((s) => [s.step, s.accuracy])).toEqual(accuracies.map((a, i) => [i, a]));
    expect(pages[0][0]).toMatchObject({ loss: expect.closeTo(0.5, 9), weightsHash: expect.stringMatching(/^[0-9a-f]{64}$/), completedAt: minuteIso(5) });

    expectProblem(await h.request('GET', `/v1/jobs/${id}/steps`, { token: bob.apiKey }), 404, 'JOB.NOT_FOUND');
    expectProblem(await h.request('GET', `/v1/jobs/${id}/steps?limit=0`, { token: alice.apiKey }), 400, 'REQUEST.INVALID_QUERY');
    expectProblem(await h.request('GET', `/v1/jobs/${id}/steps?cursor=!!`, { token: alice.apiKey }), 400, 'REQUEST.INVALID_QUERY');
  });

  it('streams the whole view at once, then patches of what changed (a new step as latestStep), and ends after the terminal status', async () => {
    const id = await submit();
    const stream = await openSse(`${h.api.url}/v1/jobs/${id}/events`, alice.apiKey);
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const nextEvent = async () => {
      for (let frame = await stream.next(); frame; frame = await stream.next()) if (frame.data) return { event: frame.event, data: JSON.parse(frame.data) };
      return null;
    };
    const first = await nextEvent();
    expect(first).toMatchObject({ event: 'job', data: { id, status: 'submitted', progress: { step: 0 }, latestStep: null } });
    let view = first!.data;

    await schedulerAppends([subjects.job(id), [work.planned(id, [{ id: `${id}-f1`, rows: 10 }], 0, 2)]]);
    const planned = await nextEvent();
    expect(planned!.event).toBeUndefined();
    expect(planned!.data).toEqual({ status: 'planned', progress: { totalSteps: 2, fragments: { planned: 1 }, rows: { total: 20 } } });
    view = applyMergePatch(view, planned!.data);

    await schedulerAppends([subjects.job(id), [work.step(id, 0, 0.75)]]);
    const stepped = await nextEvent();
    expect(stepped).toEqual({
      event: undefined,
      data: { latestStep: { step: 0, loss: expect.closeTo(0.25, 9), accuracy: 0.75 }, bestStep: { step: 0, loss: expect.closeTo(0.25, 9), accuracy: 0.75 } },
    });
    view = applyMergePatch(view, stepped!.data);

    await h.append(subjects.job(id), [work.completed(id)]);
    for (let e = await nextEvent(); e; e = await nextEvent()) view = applyMergePatch(view, e.data);
    // The patches add up to the view a GET shows, but for cost and verification, which only GET carries.
    expect(view).toEqual(withoutGetOnly(await getJob(id)));
    expect(view).toMatchObject({ status: 'completed', result: { kind: 'model' }, latestStep: { step: 0 } });
    expect(await stream.next()).toBeNull();
  });

  it('sends heartbeat comments while a job is quiet, and 404 for another tenant', async () => {
    const id = await submit();
    const stream = await openSse(`${h.api.url}/v1/jobs/${id}/events`, alice.apiKey);
    let frame = await stream.next();
    while (frame && frame.comment === undefined) frame = await stream.next();
    expect(frame).toEqual({ comment: 'heartbeat' });
    await stream.close();
    const theirs = await h.request('GET', `/v1/jobs/${id}/events`, { token: bob.apiKey });
    expectProblem(theirs, 404, 'JOB.NOT_FOUND');
  });

  it('serves the result document once the job completed, 409 before, and 404 to another tenant', async () => {
    const id = await submit();
    expectProblem(await h.request('GET', `/v1/jobs/${id}/result`, { token: alice.apiKey }), 409, 'JOB.NOT_FINISHED');
    const document = { kind: 'predictions', classNames: ['adelie', 'gentoo'], predictions: [{ row: 0, class: 'gentoo', probabilities: [0.1, 0.9] }] };
    const resultHash = await (await h.log.blobs()).put(new TextEncoder().encode(JSON.stringify(document)));
    await schedulerAppends([subjects.job(id), [work.completed(id, { kind: 'predictions', resultHash, rows: 1, accuracy: undefined })]]);
    const res = await h.request('GET', `/v1/jobs/${id}/result`, { token: alice.apiKey });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe(`"${resultHash}"`);
    expect(res.body).toEqual(document);
    expectProblem(await h.request('GET', `/v1/jobs/${id}/result`, { token: bob.apiKey }), 404, 'JOB.NOT_FOUND');
  });

  it('rebuilds the jobs read model into exactly the live one', async () => {
    const live = await h.query(`SELECT * FROM marketplace.jobs ORDER BY id`);
    expect(live.some((j) => j.status === 'completed' && j.fragments_completed === 2)).toBe(true);
    const jobs = h.api.projectors.get('marketplace.jobs');
    const position = await jobs.position();
    await jobs.rebuild();
    await jobs.waitFor(position);
    expect(await h.query(`SELECT * FROM marketplace.jobs ORDER BY id`)).toEqual(live);
  });
});

/** The job view as the stream carries it: GET alone adds the cost (rewards charged so far) and the verification. */
function withoutGetOnly({ cost: _cost, verification: _verification, ...view }: Record<string, unknown>): Record<string, unknown> {
  return view;
}
