import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  FragmentAssigned,
  FragmentLeaseEnded,
  FragmentVerified,
  JobCancelled,
  JobCompleted,
  type FragmentAssignedData,
  type FragmentLeaseEndedData,
  type FragmentVerifiedData,
  type JobCancelledData,
  type JobCompletedData,
} from '@corex/events';
import { signOperatorChallenge } from '@corex/node-protocol';
import { buildSlowModel } from '../support/slow-model';
import { startStack, type Stack } from '../support/stack';
import { eventsOfType, waitForEvent } from '../support/wait-for-event';

jest.setTimeout(120_000);

/** A node's seed as node-runner keeps it in its home. */
const seedOf = async (home: string) => (await readFile(path.join(home, 'identity.nk'), 'utf8')).trim();

/** node-runner login on a real stack: a node's operator signs in with its key and reads what the node did. */
describe('node operator sign-in and views on the whole stack', () => {
  let stack: Stack;
  let apiKey: string;
  const operator = (route: string, token: string) => stack.api('GET', `/v1/operator/node${route}`, { token });

  /** Waits until the operator's projection has read every event appended so far. */
  async function caughtUp(): Promise<void> {
    const { state } = await stack.log.jsm.streams.info(stack.names.stream);
    await stack.marketplace.waitForProjection('marketplace.node_leases', state.last_seq);
  }

  async function login(home: string): Promise<{ nodeId: string; token: string; link: string }> {
    const run = await stack.nodeRunner(['login', '--json', '--home', home, '--api', stack.marketplace.url]);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({ ok: true, nodeId: expect.stringMatching(/^U[A-Z2-7]{55}$/), token: expect.stringMatching(/^cxo_/) });
    return out;
  }

  beforeAll(async () => {
    stack = await startStack();
    apiKey = (await stack.createAccount('operator-e2e')).apiKey;
    stack.spawnNodeRunner(['start', '--json', '--home', stack.home('a'), '--name', 'op-a', '--slots', '1']);
    const joined = await stack.nodeRunner(['join', '--json', '--home', stack.home('b'), '--name', 'op-b']);
    expect(joined.code).toBe(0);
  });
  afterAll(async () => stack?.close());

  it('signs in with node-runner login and shows the node’s verified fragments of a job it ran', async () => {
    const submitted = await stack.api('POST', '/v1/jobs', { token: apiKey, body: { type: 'inference', model: 'penguins-mlp', dataset: 'penguins', budget: '5', params: { batchRows: 100 } } });
    expect(submitted.status).toBe(202);
    const jobId = submitted.body.id as string;
    await waitForEvent<JobCompletedData>(stack.log, JobCompleted.type, (d) => d.jobId === jobId, 90_000);
    await caughtUp();

    const { nodeId, token, link } = await login(stack.home('a'));
    expect(link).toBe(`${stack.marketplace.url}/dashboard/#/signin?token=${token}`);
    const verified = (await eventsOfType<FragmentVerifiedData>(stack.log, FragmentVerified.type)).filter((e) => e.data.jobId === jobId && e.data.nodeId === nodeId);
    expect(verified.length).toBeGreaterThan(0);

    const fragments = await operator('/fragments?limit=200', token);
    expect(fragments.status).toBe(200);
    const ofJob = fragments.body.items.filter((i: { jobId: string; verification: { verdict: string } }) => i.jobId === jobId && i.verification.verdict === 'verified');
    expect(ofJob.map((i: { leaseId: string }) => i.leaseId).sort()).toEqual(verified.map((e) => e.data.leaseId).sort());
    for (const item of ofJob) {
      expect(item).toMatchObject({ state: 'completed', resultHash: expect.stringMatching(/^[0-9a-f]{64}$/), decidedBy: { type: expect.any(String), id: expect.any(String), seq: expect.any(Number) } });
      expect(item.verification.checks.length).toBeGreaterThan(0);
      // No staking service in this stack: nothing rewards the verified work, and the page says so.
      expect(item).toMatchObject({ status: 'verified', reward: null, why: expect.stringContaining('not recorded its reward yet') });
    }
    const node = await operator('', token);
    expect(node.body).toMatchObject({ nodeId, name: 'op-a' });
    expect(node.body.leases.verified).toBeGreaterThanOrEqual(ofJob.length);
  });

  it("refuses a wrong signature and a reused challenge, and another node's session sees none of this node's work", async () => {
    const nodeA = (await login(stack.home('a'))).nodeId;
    const challenge = (await stack.api('POST', '/v1/operator/challenges', { body: { nodeId: nodeA } })).body.challenge;
    const wrong = await stack.api('POST', '/v1/operator/sessions', { body: { nodeId: nodeA, challenge, signature: signOperatorChallenge(nodeA, challenge, await seedOf(stack.home('b'))) } });
    expect(wrong).toMatchObject({ status: 401, body: { code: 'OPERATOR.SIGNATURE_INVALID' } });
    const right = { nodeId: nodeA, challenge, signature: signOperatorChallenge(nodeA, challenge, await seedOf(stack.home('a'))) };
    expect((await stack.api('POST', '/v1/operator/sessions', { body: right })).status).toBe(201);
    expect(await stack.api('POST', '/v1/operator/sessions', { body: right })).toMatchObject({ status: 401, body: { code: 'OPERATOR.CHALLENGE_UNKNOWN' } });

    const b = await login(stack.home('b'));
    expect(b.nodeId).not.toBe(nodeA);
    const aToken = (await login(stack.home('a'))).token;
    const aFragment = (await operator('/fragments?limit=1', aToken)).body.items[0].fragmentId;
    expect(await operator(`/fragments/${aFragment}`, b.token)).toMatchObject({ status: 404, body: { code: 'OPERATOR.FRAGMENT_NOT_FOUND' } });
    expect((await operator('/fragments', b.token)).body.items).toEqual([]);
    expect((await operator('', b.token)).body).toMatchObject({ nodeId: b.nodeId, name: 'op-b' });
    expect(await stack.api('GET', '/v1/jobs', { token: b.token })).toMatchObject({ status: 401 });
    expect(await operator('', apiKey)).toMatchObject({ status: 401, body: { code: 'OPERATOR.INVALID_SESSION' } });
  });

  it('shows a lease as an allocation while the node computes it, and why it ended once the job is cancelled', async () => {
    const { token, nodeId } = await login(stack.home('a'));
    // ~400 GFLOP of real MatMuls per 128-row fragment: the node is still computing when the view is read.
    const model = await stack.api('POST', '/v1/models?name=slow', { token: apiKey, raw: buildSlowModel(4, 1024, 1500), contentType: 'application/octet-stream' });
    expect(model.status).toBe(201);
    const submitted = await stack.api('POST', '/v1/jobs', { token: apiKey, body: { type: 'inference', model: model.body.id, dataset: 'penguins', budget: '3', params: { batchRows: 128 } } });
    const jobId = submitted.body.id as string;
    const taken = await waitForEvent<FragmentAssignedData>(stack.log, FragmentAssigned.type, (d) => d.jobId === jobId && d.nodeId === nodeId, 60_000);
    await caughtUp();
    const allocations = await operator('/allocations', token);
    expect(allocations.body.items).toEqual([expect.objectContaining({ leaseId: taken.data.leaseId, fragmentId: taken.data.fragmentId, jobId, leaseExpiresAt: expect.any(String) })]);

    expect((await stack.api('POST', `/v1/jobs/${jobId}/cancel`, { token: apiKey })).status).toBeLessThan(300);
    // The scheduler ends the lease open on the cancelled job ('cancelled', at the cancellation's time): that end decides it.
    const cancellation = (await stack.log.store.read(`job.${jobId}`)).events.find((e) => e.event.type === JobCancelled.type)!;
    const { cancelledAt } = cancellation.event.data as JobCancelledData;
    const end = await waitForEvent<FragmentLeaseEndedData>(stack.log, FragmentLeaseEnded.type, (d) => d.leaseId === taken.data.leaseId);
    expect(end.data).toMatchObject({ reason: 'cancelled', endedAt: cancelledAt, nodeId });
    await caughtUp();
    expect((await operator('/allocations', token)).body.items).toEqual([]);
    const [ended] = (await operator(`/fragments/${taken.data.fragmentId}`, token)).body.items;
    expect(ended).toMatchObject({ state: 'cancelled', status: 'lease-ended', endedAt: cancelledAt, why: expect.stringContaining('cancelled'), decidedBy: { type: FragmentLeaseEnded.type, id: end.id } });
    expect((await operator('', token)).body.leases).toMatchObject({ active: 0 });
    // Ended once, and nothing of the job was leased again.
    expect((await eventsOfType<FragmentLeaseEndedData>(stack.log, FragmentLeaseEnded.type)).filter((e) => e.data.leaseId === taken.data.leaseId)).toHaveLength(1);
    expect((await eventsOfType<FragmentAssignedData>(stack.log, FragmentAssigned.type)).filter((e) => e.data.jobId === jobId && e.data.fragmentId === taken.data.fragmentId)).toHaveLength(1);
  });
});
