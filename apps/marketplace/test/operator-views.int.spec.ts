import { createUser } from '@nats-io/nkeys';
import { OPERATOR_CHALLENGE_TTL_MS, OPERATOR_SESSION_TTL_MS } from '@corex/marketplace-domain';
import { signOperatorChallenge } from '@corex/node-protocol';
import { subjects } from '@corex/events';
import { startHarness, type Harness } from './marketplace-harness';
import { expectProblem } from './problems';
import * as ev from './operator-events';

const keyPair = () => {
  const user = createUser();
  return { nodeId: user.getPublicKey(), seed: new TextDecoder().decode(user.getSeed()) };
};

/** The operator views on events appended as the scheduler, verifier, settlement, reputation and bridge would. */
describe('operator sign-in and views of one node', () => {
  let h: Harness;
  let now = new Date('2026-11-30T17:00:00.000Z');
  const node = keyPair();
  const other = keyPair();
  let token: string;

  const challenge = async (nodeId = node.nodeId) => (await h.request('POST', '/v1/operator/challenges', { body: { nodeId } })).body.challenge as string;
  const answer = (c: string, signature = signOperatorChallenge(node.nodeId, c, node.seed), nodeId = node.nodeId) => h.request('POST', '/v1/operator/sessions', { body: { nodeId, challenge: c, signature } });
  const get = (route: string, as = token) => h.request('GET', `/v1/operator/node${route}`, { token: as });

  beforeAll(async () => {
    h = await startHarness({ now: () => now });
    const n = node.nodeId;
    await h.append(subjects.node(n), [ev.registered(n, 'rig-a')]);
    const nodeSeq = await h.append(subjects.node(other.nodeId), [ev.registered(other.nodeId, 'rig-b')]);
    // Lease 0 verified and paid in epoch 1; 1 fraud; 2 expired; 3 running; 4 verified, accrued in the open epoch 2. The other node's lease 9.
    await h.append(subjects.fragment('job-1-f0'), [ev.assigned(n, 0), ev.completed(n, 0)]);
    await h.append(subjects.verification('job-1-f0'), [ev.verified(n, 0)]);
    await h.append(subjects.reward('job-1-f0'), [ev.rewarded(n, 0, 1, 3)]);
    await h.append(subjects.fragment('job-1-f1'), [ev.assigned(n, 1), ev.completed(n, 1)]);
    await h.append(subjects.verification('job-1-f1'), [ev.fraud(n, 1)]);
    await h.append(subjects.fragment('job-1-f2'), [ev.assigned(n, 2), ev.expired(n, 2)]);
    await h.append(subjects.fragment('job-1-f3'), [ev.assigned(n, 3)]);
    await h.append(subjects.fragment('job-1-f4'), [ev.assigned(n, 4), ev.completed(n, 4)]);
    await h.append(subjects.verification('job-1-f4'), [ev.verified(n, 4)]);
    const rewardSeq = await h.append(subjects.reward('job-1-f4'), [ev.rewarded(n, 4, 2, 2)]);
    const fragmentSeq = await h.append(subjects.fragment('job-1-f9'), [ev.assigned(other.nodeId, 9), ev.completed(other.nodeId, 9)]);
    const payoutSeq = await h.append(subjects.stake(n), [ev.payoutBound(n)]);
    const routeSeq = await h.append(subjects.payoutRoute(n), [ev.routeChosen(n)]);
    const epochSeq = await h.append(subjects.epoch(1), ev.epochSettled(n, 3));
    const transferSeq = await h.append(subjects.rewardTransfer(ev.bytes32('b').slice(2)), ev.bridged(n, 3));
    const last = await h.append(subjects.reputation(n), [ev.reputation(n, 0.5, 10), ev.tier(n, 'standard', 10), ev.reputation(n, 0.8, 50), ev.tier(n, 'pro', 50)]);
    // Each projection reads its own subjects: wait for each at its last event.
    const positions: Record<string, number> = {
      'marketplace.nodes': nodeSeq,
      'marketplace.fragment_rewards': rewardSeq,
      'marketplace.assignments': fragmentSeq,
      'marketplace.node_payouts': payoutSeq,
      'marketplace.payout_routes': routeSeq,
      'marketplace.settlement_epochs': epochSeq,
      'marketplace.epoch_claims': epochSeq,
      'marketplace.reward_transfers': transferSeq,
      'marketplace.node_reputation': last,
      'marketplace.node_reputation_history': last,
      'marketplace.node_leases': last,
      'marketplace.node_violations': last,
    };
    await Promise.all(Object.entries(positions).map(([name, seq]) => h.api.waitForProjection(name, seq)));
    const signedIn = await answer(await challenge());
    expect(signedIn.status).toBe(201);
    expect(signedIn.body).toMatchObject({ nodeId: n, token: expect.stringMatching(/^cxo_/) });
    token = signedIn.body.token;
  });
  afterAll(async () => h.close());

  it('refuses a wrong signature, then accepts the right one once: a used challenge is refused', async () => {
    const c = await challenge();
    expectProblem(await answer(c, signOperatorChallenge(node.nodeId, c, other.seed)), 401, 'OPERATOR.SIGNATURE_INVALID');
    expect((await answer(c)).status).toBe(201);
    expectProblem(await answer(c), 401, 'OPERATOR.CHALLENGE_UNKNOWN');
  });

  it("refuses another node's answer to this node's challenge, an expired challenge, an unknown node and a malformed body", async () => {
    const c = await challenge();
    expectProblem(await answer(c, signOperatorChallenge(other.nodeId, c, other.seed), other.nodeId), 401, 'OPERATOR.CHALLENGE_UNKNOWN');
    now = new Date(now.getTime() + OPERATOR_CHALLENGE_TTL_MS);
    expectProblem(await answer(c), 401, 'OPERATOR.CHALLENGE_EXPIRED');
    expectProblem(await h.request('POST', '/v1/operator/challenges', { body: { nodeId: 'U'.padEnd(56, 'Q') } }), 404, 'OPERATOR.NODE_NOT_FOUND');
    expectProblem(await h.request('POST', '/v1/operator/challenges', { body: { nodeId: 'nope' } }), 400, 'REQUEST.INVALID_BODY');
    expectProblem(await h.request('POST', '/v1/operator/sessions', { body: { nodeId: node.nodeId, challenge: c } }), 400, 'REQUEST.INVALID_BODY');
  });

  it("keeps customers' API keys and operator sessions apart, and ends a session at its expiry", async () => {
    const { apiKey } = await h.createAccount('customer');
    expectProblem(await get('', apiKey), 401, 'OPERATOR.INVALID_SESSION');
    expectProblem(await h.request('GET', '/v1/jobs', { token }), 401, 'AUTH.INVALID_API_KEY');
    expectProblem(await h.request('GET', '/v1/operator/node'), 401, 'OPERATOR.MISSING_SESSION');
    const short = (await answer(await challenge())).body.token;
    const saved = now;
    now = new Date(now.getTime() + OPERATOR_SESSION_TTL_MS);
    expectProblem(await get('', short), 401, 'OPERATOR.INVALID_SESSION');
    now = saved;
  });

  it('shows the node: identity, tier, reputation, payout address and route, lease counts', async () => {
    const res = await get('');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      nodeId: node.nodeId,
      name: 'rig-a',
      tier: 'pro',
      reputation: { score: 0.8 },
      payout: { address: ev.PAYOUT, route: { chain: 'arbitrum', recipient: ev.ROUTE_RECIPIENT } },
      rewards: { earned: ev.wei(5), paid: ev.wei(3), pending: ev.wei(2) },
      leases: { active: 1, completed: 3, verified: 2, failed: 1, cancelled: 0, rejected: 0, fraud: 1 },
    });
    expect(res.body.violations).toHaveLength(1);
  });

  it('lists the running lease as the allocation', async () => {
    const res = await get('/allocations');
    expect(res.body.items).toEqual([expect.objectContaining({ fragmentId: 'job-1-f3', jobId: 'job-1', leaseExpiresAt: expect.any(String), score: { total: 1.5, tier: 1, reputation: 1.5 } })]);
  });

  it('lists ended leases with verdict, evidence, reward, and why with the deciding event for each unpaid one', async () => {
    const first = await get('/fragments?limit=2');
    const rest = await get(`/fragments?cursor=${first.body.nextCursor}`);
    const items = [...first.body.items, ...rest.body.items];
    expect(rest.body.nextCursor).toBeNull();
    expect(items.map((i: { fragmentId: string; status: string }) => [i.fragmentId, i.status])).toEqual([
      ['job-1-f4', 'accrued'],
      ['job-1-f2', 'lease-ended'],
      ['job-1-f1', 'fraud'],
      ['job-1-f0', 'settled'],
    ]);
    const [accrued, ended, cheated, paid] = items;
    expect(paid).toMatchObject({ why: null, reward: { amount: ev.wei(3), epoch: 1, epochSettled: true }, verification: { verdict: 'verified', method: 'sampled-rows' } });
    expect(accrued.why).toContain('epoch 2');
    expect(accrued.decidedBy).toMatchObject({ type: 'corex.fragment.rewarded.v1', id: expect.any(String), seq: expect.any(Number) });
    expect(ended.why).toContain('expired');
    expect(ended.decidedBy.type).toBe('corex.fragment.lease-ended.v1');
    expect(cheated.verification.fraud).toMatchObject({ kind: 'wrong-output', evidenceHash: ev.bytes32('f'), evidence: { detail: 'row 3 differs by 9' } });
    expect(cheated.why).toMatch(/wrong-output.*row 3 differs by 9/);
    expect(cheated.decidedBy.type).toBe('corex.verification.fraud-detected.v1');
  });

  it("answers 404 for another node's fragment and 400 for a bad cursor", async () => {
    expect((await get('/fragments/job-1-f0')).body.items).toHaveLength(1);
    expectProblem(await get('/fragments/job-1-f9'), 404, 'OPERATOR.FRAGMENT_NOT_FOUND');
    expectProblem(await get('/fragments?cursor=!!'), 400, 'REQUEST.INVALID_QUERY');
    expectProblem(await get('/fragments?limit=0'), 400, 'REQUEST.INVALID_QUERY');
  });

  it('shows payouts per epoch with the paying transaction on its chain and the bridge transfer to the chosen chain', async () => {
    const res = await get('/payouts');
    expect(res.body).toMatchObject({ earned: ev.wei(5), paid: ev.wei(3), pending: ev.wei(2) });
    const [open, settled] = res.body.epochs;
    expect(open).toMatchObject({ epoch: 2, status: 'accrued', rewards: ev.wei(2), paid: '0', payments: [], transfers: [] });
    expect(settled).toMatchObject({ epoch: 1, status: 'paid', fragments: 1, rewards: ev.wei(3), paid: ev.wei(3) });
    expect(settled.payments).toEqual([{ chain: 'ethereum', evmChainId: null, txHash: ev.bytes32('6'), explorerUrl: null, amount: ev.wei(3) }]);
    expect(settled.transfers).toEqual([
      expect.objectContaining({ targetChain: 'arbitrum', status: 'delivered', amount: ev.wei(3), published: expect.objectContaining({ chain: 'ethereum', txHash: ev.bytes32('c') }), delivered: expect.objectContaining({ chain: 'arbitrum', txHash: ev.bytes32('d') }) }),
    ]);
  });

  it('reconciles work, rewards and payments per epoch: the settled epoch equal, the open one outstanding', async () => {
    const res = await get('/reconciliation');
    expect(res.body.equal).toBe(true);
    expect(res.body.totals).toEqual({ fragments: 2, rewards: ev.wei(5), paid: ev.wei(3), outstanding: ev.wei(2) });
    expect(res.body.epochs.map((e: Record<string, unknown>) => [e.epoch, e.settled, e.fragments, e.rewards, e.paid, e.equal])).toEqual([
      [1, true, 1, ev.wei(3), ev.wei(3), true],
      [2, false, 1, ev.wei(2), '0', false],
    ]);
    expect(res.body.epochs[1].why).toContain('not settled');
  });

  it('gives the series for the charts: contribution per day and epoch, reputation and tier over time', async () => {
    const res = await get('/history');
    expect(res.body.reputation.map((p: { score: number }) => p.score)).toEqual([0.5, 0.8]);
    expect(res.body.tiers.map((p: { tier: string }) => p.tier)).toEqual(['standard', 'pro']);
    expect(res.body.epochs).toEqual([
      { epoch: 1, fragments: 1, rewards: ev.wei(3) },
      { epoch: 2, fragments: 1, rewards: ev.wei(2) },
    ]);
    expect(res.body.days).toEqual([{ day: '2026-11-30', leases: 5, completed: 3, verified: 2, failed: 2, cancelled: 0, earned: ev.wei(5) }]);
  });

  it('streams the overview, then which views changed when the node gets a new lease', async () => {
    const controller = new AbortController();
    const res = await fetch(`${h.api.url}/v1/operator/node/events`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = res.body!.getReader();
    let text = '';
    const until = async (pattern: RegExp) => {
      while (!pattern.test(text)) text += new TextDecoder().decode((await reader.read()).value);
    };
    await until(/event: node\ndata: .*\n\n/);
    expect(JSON.parse(/event: node\ndata: (.*)\n/.exec(text)![1]!).nodeId).toBe(node.nodeId);
    await h.append(subjects.fragment('job-1-f5'), [ev.assigned(node.nodeId, 5)]);
    await until(/event: changed\nid: \d+\ndata: .*\n\n/);
    expect(JSON.parse(/event: changed\nid: \d+\ndata: (.*)\n/.exec(text)![1]!).views).toContain('allocations');
    controller.abort();
    expect((await get('/allocations')).body.items.map((i: { fragmentId: string }) => i.fragmentId)).toEqual(['job-1-f5', 'job-1-f3']);
  });

  it("counts a lease closed by its job's cancellation as cancelled, not failed, and says why", async () => {
    const seq = await h.append(subjects.fragment('job-1-f5'), [ev.cancelled(node.nodeId, 5)]);
    await h.api.waitForProjection('marketplace.node_leases', seq);
    expect((await get('')).body.leases).toEqual({ active: 1, completed: 3, verified: 2, failed: 1, cancelled: 1, rejected: 0, fraud: 1 });
    expect((await get('/history')).body.days).toEqual([{ day: '2026-11-30', leases: 6, completed: 3, verified: 2, failed: 2, cancelled: 1, earned: ev.wei(5) }]);
    const [fragment] = (await get('/fragments/job-1-f5')).body.items;
    expect(fragment).toMatchObject({ status: 'lease-ended', decidedBy: { type: 'corex.fragment.lease-ended.v1', seq } });
    expect(fragment.why).toContain('no longer needed it');
  });
});
