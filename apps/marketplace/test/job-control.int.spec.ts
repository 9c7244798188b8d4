import { JobCancelled, subjects } from '@corex/events';
import { startHarness, type Harness } from './marketplace-harness';
import { expectProblem } from './problems';
import { NODE_A, NODE_B, work } from './work-events';

const validJob = { type: 'inference', model: 'penguins-mlp', dataset: 'penguins', budget: '5' };

describe('marketplace job control', () => {
  let h: Harness;
  let alice: { id: string; apiKey: string };
  let bob: { id: string; apiKey: string };

  const submit = async (token = alice.apiKey): Promise<string> => (await h.request('POST', '/v1/jobs', { token, body: validJob })).body.id;
  const cancel = (id: string, token = alice.apiKey) => h.request('POST', `/v1/jobs/${id}/cancel`, { token });

  beforeAll(async () => {
    h = await startHarness();
    alice = await h.createAccount('alice');
    bob = await h.createAccount('bob');
  });
  afterAll(async () => h.close());

  it('cancels a planned job with 202, then refuses to cancel it again with 409', async () => {
    const id = await submit();
    await h.settle(await h.append(subjects.job(id), [work.planned(id, [{ id: `${id}-f1`, rows: 5 }])]));
    const res = await cancel(id);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ id, status: 'cancelled' });
    const stored = await h.log.store.read(subjects.job(id));
    expect(stored.events.map((e) => e.event.type).at(-1)).toBe(JobCancelled.type);
    const view = (await h.request('GET', `/v1/jobs/${id}`, { token: alice.apiKey })).body;
    expect(view).toMatchObject({ status: 'cancelled', finishedAt: expect.any(String) });

    const count = await h.eventCount();
    expectProblem(await cancel(id), 409, 'JOB.ALREADY_FINISHED');
    expectProblem(await h.request('GET', `/v1/jobs/${id}/result`, { token: alice.apiKey }), 409, 'JOB.NO_RESULT');
    expect(await h.eventCount()).toBe(count);
  });

  it('refuses to cancel a completed job', async () => {
    const id = await submit();
    await h.settle(await h.append(subjects.job(id), [work.completed(id)]));
    expectProblem(await cancel(id), 409, 'JOB.ALREADY_FINISHED');
  });

  it("answers 404 for another tenant's job and for ids no job can have, appending nothing", async () => {
    const id = await submit();
    const count = await h.eventCount();
    expectProblem(await cancel(id, bob.apiKey), 404, 'JOB.NOT_FOUND');
    expectProblem(await cancel('no-such-job'), 404, 'JOB.NOT_FOUND');
    expectProblem(await cancel('bad.id*'), 404, 'JOB.NOT_FOUND');
    expect(await h.eventCount()).toBe(count);
    expect((await h.request('GET', `/v1/jobs/${id}`, { token: alice.apiKey })).body.status).toBe('submitted');
  });

  it('explains the latest assignment of a fragment to a node, for the owner of the job only', async () => {
    const id = await submit();
    const fragment = `${id}-f1`;
    await h.append(subjects.job(id), [work.planned(id, [{ id: fragment, rows: 5 }])]);
    await h.append(subjects.fragment(fragment), [
      work.assigned(id, fragment, `${id}-l1`, NODE_A, 1),
      work.leaseEnded(id, fragment, `${id}-l1`),
      work.assigned(id, fragment, `${id}-l2`, NODE_B, 2),
      work.assigned(id, fragment, `${id}-l3`, NODE_A, 3, 4),
    ]);
    const seq = await h.append(subjects.fragment(fragment), [work.fragmentCompleted(id, fragment, `${id}-l3`, 5)]);
    await h.settle(seq, ['marketplace.jobs', 'marketplace.assignments']);

    const res = await h.request('GET', `/v1/nodes/${NODE_A}/assignments/${fragment}`, { token: alice.apiKey });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      nodeId: NODE_A,
      fragmentId: fragment,
      jobId: id,
      leaseId: `${id}-l3`,
      attempt: 3,
      score: { tier: 1.5, stakeBoost: 2, total: 3 },
      outcome: 'completed',
    });
    expect(res.body.explanation).toMatch(new RegExp(`^Node ${NODE_A} got fragment ${fragment} on attempt 3, scored 3 `));
    expect(res.body.explanation).toContain('the node returned a result');

    const other = await h.request('GET', `/v1/nodes/${NODE_B}/assignments/${fragment}`, { token: alice.apiKey });
    expect(other.body).toMatchObject({ leaseId: `${id}-l2`, outcome: 'active' });
    expectProblem(await h.request('GET', `/v1/nodes/${NODE_A}/assignments/${fragment}`, { token: bob.apiKey }), 404, 'ASSIGNMENT.NOT_FOUND');
    expectProblem(await h.request('GET', `/v1/nodes/${NODE_A}/assignments/unknown`, { token: alice.apiKey }), 404, 'ASSIGNMENT.NOT_FOUND');
  });
});
