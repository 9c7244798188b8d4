import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import { EpochClaimed, EpochClosed, EpochSettled, FragmentRewarded, NodeRegistered, PayoutBound, subjects, type FragmentRewardedData } from '@corex/events';
import { POC_LEAF_ENCODING, pocTree } from '@corex/settlement';
import { startHarness, type Harness } from './marketplace-harness';
import { expectProblem } from './problems';

const NODE = 'R'.padEnd(56, 'A');
const PAYOUT = `0x${'7'.repeat(40)}`;
const CXT = 10n ** 18n;
const hardware = { cpuModel: 'cpu', cpuCores: 2, memoryBytes: 1024, gpus: [], executionProviders: ['cpu'], os: 'linux', arch: 'x64' };
const hash = (c: string) => `0x${c.repeat(64)}`;

function reward(jobId: string, accountId: string, i: number, epoch: number): FragmentRewardedData {
  return {
    jobId,
    accountId,
    fragmentId: `${jobId}-f${i}`,
    nodeId: NODE,
    leaseId: `${jobId}-l${i}`,
    resultHash: String(i).repeat(64),
    epoch,
    basePrice: (2n * CXT).toString(),
    boostBps: 15_000,
    reputationBps: 10_000,
    amount: (3n * CXT).toString(),
    budget: (10n * CXT).toString(),
    fragmentRows: 20,
    jobRows: 100,
    steps: 1,
    completedAt: '2026-11-30T00:00:00.000Z',
  };
}

describe('settlement views: job cost, fragment proofs, node rewards', () => {
  let h: Harness;
  let token: string;
  let other: string;
  let jobId: string;
  let accountId: string;

  beforeAll(async () => {
    h = await startHarness();
    const account = await h.createAccount('acme');
    token = account.apiKey;
    accountId = account.id;
    other = (await h.createAccount('other')).apiKey;
    const submitted = await h.request('POST', '/v1/jobs', { token, body: { type: 'inference', model: 'penguins-mlp', dataset: 'penguins', budget: '10' } });
    expect(submitted.status).toBe(202);
    jobId = submitted.body.id;

    const nodeSeq = await h.append(subjects.node(NODE), [{ type: NodeRegistered.type, data: { nodeId: NODE, name: 'rig', hardware, runnerVersion: '1', registeredAt: '2026-11-30T00:00:00.000Z' } }]);
    // Three fragments in epoch 1 (closed, settled, paid), one in the open epoch 2.
    const rewards = [0, 1, 2].map((i) => reward(jobId, accountId, i, 1)).concat(reward(jobId, accountId, 3, 2));
    let rewardSeq = 0;
    for (const r of rewards) rewardSeq = await h.append(subjects.reward(r.fragmentId), [{ type: FragmentRewarded.type, data: r }]);
    const tree = pocTree(rewards.slice(0, 3));
    const payoutSeq = await h.append(subjects.stake(NODE), [
      { type: PayoutBound.type, data: { nodeId: NODE, nodeKey: hash('1'), payout: PAYOUT, proofHash: hash('2'), block: 3, txHash: hash('3') } },
    ]);
    const closed = {
      epoch: 1, rewardRoot: hash('4'), pocRoot: tree.root, totalCumulative: (9n * CXT).toString(), leaves: 1, records: 3, batchSize: 100,
      payouts: [{ nodeId: NODE, payout: PAYOUT }], models: [], epochLength: 5, closedAt: '2026-11-30T00:00:05.000Z',
    };
    const claimed = { epoch: 1, batch: 0, txHash: hash('5'), payments: [{ nodeId: NODE, payout: PAYOUT, amount: (9n * CXT).toString(), cumulative: (9n * CXT).toString() }] };
    const settled = {
      epoch: 1, rewardRoot: hash('4'), pocRoot: tree.root, totalCumulative: (9n * CXT).toString(), leaves: 1,
      txHashes: { postRoot: hash('6'), anchor: hash('7'), models: [], claims: [hash('5')] }, settledAt: '2026-11-30T00:00:06.000Z',
    };
    const seq = await h.append(subjects.epoch(1), [
      { type: EpochClosed.type, data: closed },
      { type: EpochClaimed.type, data: claimed },
      { type: EpochSettled.type, data: settled },
    ]);
    // Each projection reads its own subjects: wait for each at its last event.
    await h.settle(seq, ['marketplace.settlement_epochs', 'marketplace.epoch_claims']);
    await h.settle(rewardSeq, ['marketplace.fragment_rewards']);
    await h.settle(payoutSeq, ['marketplace.node_payouts']);
    await h.settle(nodeSeq, ['marketplace.nodes']);
  });
  afterAll(async () => h.close());

  it('shows the job’s budget and what its fragments cost so far, in wei', async () => {
    const job = await h.request('GET', `/v1/jobs/${jobId}`, { token });
    expect(job.body.cost).toEqual({ budget: (10n * CXT).toString(), spent: (12n * CXT).toString(), rewardedFragments: 4 });
    const first = await h.request('GET', `/v1/jobs/${jobId}/cost?limit=3`, { token });
    expect(first.status).toBe(200);
    expect(first.body.items.map((i: { fragmentId: string }) => i.fragmentId)).toEqual([0, 1, 2].map((i) => `${jobId}-f${i}`));
    expect(first.body.items[0]).toMatchObject({ basePrice: (2n * CXT).toString(), boostBps: 15_000, reputationBps: 10_000, amount: (3n * CXT).toString(), fragmentRows: 20, jobRows: 100, steps: 1, epoch: 1 });
    expect(first.body.formula).toMatch(/basePrice/);
    const rest = await h.request('GET', `/v1/jobs/${jobId}/cost?cursor=${first.body.nextCursor}`, { token });
    expect(rest.body.items.map((i: { fragmentId: string }) => i.fragmentId)).toEqual([`${jobId}-f3`]);
    expect(rest.body.nextCursor).toBeNull();
  });

  it('gives each fragment of a closed epoch an inclusion proof of its record in the anchored root; open-epoch fragments have none yet', async () => {
    const res = await h.request('GET', `/v1/jobs/${jobId}/proofs`, { token });
    expect(res.status).toBe(200);
    const [p0, , , open] = res.body.items;
    expect(p0).toMatchObject({ epoch: 1, anchored: true, anchorTxHash: hash('7') });
    const leaf = [p0.leaf.jobId, p0.leaf.fragmentId, p0.leaf.nodeId, p0.leaf.leaseId, p0.leaf.resultHash];
    expect(StandardMerkleTree.verify(p0.root, POC_LEAF_ENCODING, leaf, p0.proof)).toBe(true);
    expect(StandardMerkleTree.verify(p0.root, POC_LEAF_ENCODING, [...leaf.slice(0, 4), hash('9')], p0.proof)).toBe(false);
    expect(open).toMatchObject({ epoch: 2, root: null, proof: null, anchored: false });
  });

  it('answers another tenant’s job as missing and a bad cursor as a problem', async () => {
    expectProblem(await h.request('GET', `/v1/jobs/${jobId}/proofs`, { token: other }), 404, 'JOB.NOT_FOUND');
    expectProblem(await h.request('GET', `/v1/jobs/${jobId}/cost`, { token: other }), 404, 'JOB.NOT_FOUND');
    expectProblem(await h.request('GET', `/v1/jobs/${jobId}/proofs?cursor=${'!'.repeat(5)}`, { token }), 400, 'REQUEST.INVALID_QUERY');
    expectProblem(await h.request('GET', `/v1/jobs/${jobId}/cost?limit=0`, { token }), 400, 'REQUEST.INVALID_QUERY');
  });

  it('shows the node’s payout address, pending and paid rewards with the payment transactions', async () => {
    const res = await h.request('GET', `/v1/nodes/${NODE}`, { token: other });
    expect(res.body.payout).toBe(PAYOUT);
    expect(res.body.rewards).toEqual({
      earned: (12n * CXT).toString(),
      pending: (3n * CXT).toString(),
      paid: (9n * CXT).toString(),
      payments: [{ epoch: 1, amount: (9n * CXT).toString(), txHash: hash('5') }],
    });
  });
});
