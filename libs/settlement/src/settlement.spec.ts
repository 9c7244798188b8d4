import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import { awaitingPayout, decideClose, decideReward, epochDue, NO_RECORDS_ROOT } from './decide';
import { evolve, type SettlementInput } from './evolve';
import { fragmentReward } from './reward';
import { initialSettlementState, pendingOf, type SettlementState } from './state';
import { POC_LEAF_ENCODING, pocLeafValue, proofOf, REWARD_LEAF_ENCODING, rewardLeafValue, rewardTree } from './trees';

const A = 'A'.repeat(56);
const B = 'B'.repeat(56);
const T0 = '2026-11-30T00:00:00.000Z';
const T1 = '2026-11-30T00:00:05.000Z';
const hash = (c: string) => c.repeat(64);
const CXT = 10n ** 18n;

function given(...inputs: (SettlementInput | SettlementInput[])[]): SettlementState {
  return inputs.flat().reduce((s, i) => evolve(s, i), initialSettlementState());
}
const ev = (type: string, data: unknown, time = T0): SettlementInput => ({ type, data, time });
const submitted = (jobId: string, budget: string, type = 'inference') =>
  ev('corex.job.submitted.v1', { jobId, accountId: 'acct-1', type, budget });
const planned = (jobId: string, rows: number[], totalSteps = 1) =>
  ev('corex.job.fragments-planned.v1', {
    jobId,
    step: 0,
    totalSteps,
    totalRows: rows.reduce((a, b) => a + b, 0),
    fragments: rows.map((r, i) => ({ fragmentId: `${jobId}-f${i}`, size: { rows: r } })),
  });
const completedOnly = (jobId: string, i: number, nodeId: string) =>
  ev('corex.fragment.completed.v1', { jobId, fragmentId: `${jobId}-f${i}`, nodeId, leaseId: `${jobId}-l${i}`, resultHash: hash('a'), completedAt: T0 });
const verified = (jobId: string, fragmentId: string, nodeId: string, leaseId: string) =>
  ev('corex.verification.fragment-verified.v1', { jobId, fragmentId, nodeId, leaseId, resultHash: hash('a'), method: 'replica', sampled: false, checks: [], cost: { flops: 0, ms: 0 }, verifiedAt: T1 });
/** A fragment completed and its result verified: what the settlement pays. */
const completed = (jobId: string, i: number, nodeId: string) => [completedOnly(jobId, i, nodeId), verified(jobId, `${jobId}-f${i}`, nodeId, `${jobId}-l${i}`)];
const reputation = (nodeId: string, score: number) => ev('corex.reputation.changed.v1', { nodeId, score });
const stake = (nodeId: string, boostBps: number) => ev('corex.stake.changed.v1', { nodeId, boostBps });

/** Decides and folds every pending completion, as the settlement loop does. */
function rewardAll(state: SettlementState): SettlementState {
  for (const c of [...state.unrewarded.values()]) {
    const r = decideReward(state, c);
    if (r) evolve(state, ev('corex.fragment.rewarded.v1', r));
  }
  return state;
}

describe('fragment reward', () => {
  it('is the fragment share of the budget times boost times reputation, capped by what is left', () => {
    expect(fragmentReward({ budget: 100n, fragmentRows: 25, jobRows: 100, steps: 2, boostBps: 10_000, reputationBps: 10_000, spent: 0n })).toEqual({ basePrice: 12n, amount: 12n });
    expect(fragmentReward({ budget: 100n * CXT, fragmentRows: 50, jobRows: 100, steps: 1, boostBps: 30_000, reputationBps: 10_000, spent: 0n })).toEqual({ basePrice: 50n * CXT, amount: 100n * CXT });
    expect(fragmentReward({ budget: 100n, fragmentRows: 50, jobRows: 100, steps: 1, boostBps: 11_000, reputationBps: 10_000, spent: 90n }).amount).toBe(10n);
    expect(fragmentReward({ budget: 100n, fragmentRows: 50, jobRows: 100, steps: 1, boostBps: 11_000, reputationBps: 10_000, spent: 120n }).amount).toBe(0n);
  });
});

describe('settlement', () => {
  it('given a job and a boosted node, when fragments complete, then each earns its boosted share in the open epoch', () => {
    const state = rewardAll(given(submitted('j1', '10'), planned('j1', [30, 70]), stake(B, 15_000), completed('j1', 0, A), completed('j1', 1, B)));
    expect(state.rewards.get('j1-f0')).toMatchObject({ amount: 3n * CXT, epoch: 1 });
    // 70% × 1.5 = 10.5 CXT, capped by the 7 CXT the budget has left
    expect(state.rewards.get('j1-f1')).toMatchObject({ amount: 7n * CXT, epoch: 1 });
    expect(state.jobs.get('j1')!.spent).toBe(10n * CXT);
  });

  it('given a completion seen twice, when rewarded, then it earns once', () => {
    const state = given(submitted('j1', '10'), planned('j1', [50, 50]), completed('j1', 0, A), completed('j1', 0, A));
    rewardAll(state);
    expect(pendingOf(state, A)).toBe(5n * CXT);
    const reward = decideReward(state, { jobId: 'j1', fragmentId: 'j1-f0', nodeId: A, leaseId: 'x', resultHash: hash('a'), completedAt: T0, boostBps: 10_000, reputationBps: 10_000 });
    expect(reward).toBeNull();
    for (const e of completed('j1', 0, A)) evolve(state, e);
    expect(state.unrewarded.size).toBe(0);
  });

  it('given a reward folded from the log twice, then the node earns it once', () => {
    const state = given(submitted('j1', '10'), planned('j1', [50, 50]), completed('j1', 0, A));
    const r = decideReward(state, state.unrewarded.get('j1-f0')!)!;
    evolve(state, ev('corex.fragment.rewarded.v1', r));
    evolve(state, ev('corex.fragment.rewarded.v1', r));
    expect(state.earned.get(A)).toBe(5n * CXT);
  });

  it('given the boost at completion, when the stake changes before the reward is decided, then the completion boost counts', () => {
    const state = given(submitted('j1', '10'), planned('j1', [50, 50]), stake(A, 20_000), completed('j1', 0, A), stake(A, 10_000));
    rewardAll(state);
    expect(state.rewards.get('j1-f0')!.amount).toBe(10n * CXT);
  });

  it('given a completed fragment, when no verdict came, then nothing is owed for it', () => {
    const state = rewardAll(given(submitted('j1', '10'), planned('j1', [50, 50]), completedOnly('j1', 0, A)));
    expect(state.rewards.size).toBe(0);
    expect(pendingOf(state, A)).toBe(0n);
  });

  it('given a verified fragment, when rewarded, then the reward keeps the time it completed', () => {
    const state = rewardAll(given(submitted('j1', '10'), planned('j1', [50, 50]), completed('j1', 0, A)));
    expect(state.rewards.get('j1-f0')).toMatchObject({ leaseId: 'j1-l0', completedAt: T0, amount: 5n * CXT });
  });

  it('given a replica of a fragment, when both are verified, then the replica earns on its original rows', () => {
    const replica = ev('corex.fragment.replica-planned.v1', { fragmentId: 'j1-f0-r1', replicaOf: 'j1-f0', jobId: 'j1', size: { rows: 999 } });
    const state = rewardAll(given(submitted('j1', '100'), planned('j1', [20, 80]), replica, completed('j1', 0, A), verified('j1', 'j1-f0-r1', B, 'j1-r1-l0')));
    expect(state.rewards.get('j1-f0')!.amount).toBe(20n * CXT);
    expect(state.rewards.get('j1-f0-r1')).toMatchObject({ nodeId: B, amount: 20n * CXT });
  });

  it('given reputations, when rewarded, then reputationBps is min(10000, round(20000 × score)), neutral without one', () => {
    const C = 'C'.repeat(56);
    const state = rewardAll(
      given(submitted('j1', '90'), planned('j1', [30, 30, 30]), reputation(A, 0.25), reputation(B, 0.3), reputation(B, 0.9), completed('j1', 0, A), completed('j1', 1, B), completed('j1', 2, C)),
    );
    expect(state.rewards.get('j1-f0')).toMatchObject({ amount: 15n * CXT });
    expect([A, B, C].map((n) => [...state.rewards.values()].find((r) => r.nodeId === n)!.amount)).toEqual([15n * CXT, 30n * CXT, 30n * CXT]);
    // The score at verification counts, not a later one.
    const later = given(submitted('j2', '10'), planned('j2', [10]), reputation(A, 0.4), completed('j2', 0, A), reputation(A, 1));
    expect(decideReward(later, later.unrewarded.get('j2-f0')!)).toMatchObject({ reputationBps: 8_000, amount: (8n * CXT).toString() });
  });

  it('given a verified result not rewarded yet, when a recheck finds it fraudulent, then it is never paid', () => {
    const fraud = ev('corex.verification.fraud-detected.v1', { fraudId: 'fraud-wrong-output-j1-l0', nodeId: A, kind: 'wrong-output', fragmentId: 'j1-f0', leaseId: 'j1-l0' });
    const state = rewardAll(given(submitted('j1', '10'), planned('j1', [50, 50]), completed('j1', 0, A), fraud, completed('j1', 1, B)));
    expect(state.rewards.has('j1-f0')).toBe(false);
    expect(pendingOf(state, A)).toBe(0n);
    expect(pendingOf(state, B)).toBe(5n * CXT);
  });

  it('given training steps, then every step shares the budget', () => {
    const state = rewardAll(given(submitted('t', '8', 'training'), planned('t', [50, 50], 4), completed('t', 0, A)));
    expect(state.rewards.get('t-f0')!.amount).toBe(1n * CXT);
  });

  it('given an open epoch, then it is due epochLength seconds after its first reward and not before', () => {
    const state = rewardAll(given(submitted('j1', '10'), planned('j1', [50, 50]), completed('j1', 0, A)));
    state.openSince = T0;
    expect(epochDue(state, new Date(Date.parse(T0) + 59_000), 60)).toBe(false);
    expect(epochDue(state, new Date(Date.parse(T0) + 60_000), 60)).toBe(true);
    expect(epochDue(initialSettlementState(), new Date(), 0)).toBe(false);
  });

  it('given a node without payout, when the epoch closes, then it accrues and is paid its whole cumulative once bound', () => {
    const state = rewardAll(given(submitted('j1', '10'), planned('j1', [50, 50]), completed('j1', 0, A), completed('j1', 1, B)));
    const payA = '0x' + '1'.repeat(40);
    const payB = '0x' + '2'.repeat(40);
    const close1 = decideClose(state, { now: new Date(), epochLength: 1, payouts: new Map([[A, payA]]), batchSize: 10 });
    expect(close1).toMatchObject({ epoch: 1, leaves: 1, records: 2, totalCumulative: (5n * CXT).toString(), payouts: [{ nodeId: A, payout: payA }] });
    evolve(state, ev('corex.epoch.closed.v1', close1));
    const e1 = state.epochs.get(1)!;
    expect(e1.batches).toEqual([[{ nodeId: A, payout: payA, amount: 5n * CXT, cumulative: 5n * CXT }]]);
    evolve(state, ev('corex.epoch.claimed.v1', { epoch: 1, batch: 0, txHash: hash('c'), payments: [{ nodeId: A, payout: payA, amount: (5n * CXT).toString(), cumulative: (5n * CXT).toString() }] }));
    evolve(state, ev('corex.epoch.settled.v1', { epoch: 1 }));
    expect(state.openEpoch).toBe(2);

    evolve(state, planned('j1', [50, 50]));
    const more = rewardAll(evolve(state, ev('corex.job.submitted.v1', { jobId: 'j2', accountId: 'a', type: 'inference', budget: '4' })));
    evolve(more, planned('j2', [100]));
    for (const e of completed('j2', 0, A)) evolve(more, e);
    rewardAll(more);
    expect(more.rewards.get('j2-f0')!.epoch).toBe(2);
    const close2 = decideClose(more, { now: new Date(), epochLength: 1, payouts: new Map([[A, payA], [B, payB]]), batchSize: 1 });
    expect(close2.payouts).toEqual([{ nodeId: B, payout: payB }]);
    evolve(more, ev('corex.epoch.closed.v1', close2));
    const e2 = more.epochs.get(2)!;
    expect(e2.batches.flat()).toEqual([
      { nodeId: A, payout: payA, amount: 4n * CXT, cumulative: 9n * CXT },
      { nodeId: B, payout: payB, amount: 5n * CXT, cumulative: 5n * CXT },
    ]);
    expect(e2.records.map((r) => r.fragmentId)).toEqual(['j2-f0']);
  });

  it('given a node that earned without a payout, when it binds one after the last epoch, then an epoch without records pays it', () => {
    const state = rewardAll(given(submitted('j1', '10'), planned('j1', [50, 50]), completed('j1', 0, A)));
    const close1 = decideClose(state, { now: new Date(), epochLength: 1, payouts: new Map(), batchSize: 10 });
    evolve(state, ev('corex.epoch.closed.v1', close1));
    evolve(state, ev('corex.epoch.settled.v1', { epoch: 1 }));
    expect(awaitingPayout(state)).toEqual([A]);
    expect(epochDue(state, new Date(), 60)).toBe(false);
    expect(epochDue(state, new Date(), 60, true)).toBe(true);
    const payA = '0x' + '1'.repeat(40);
    const close2 = decideClose(state, { now: new Date(), epochLength: 60, payouts: new Map([[A, payA]]), batchSize: 10 });
    expect(close2).toMatchObject({ epoch: 2, records: 0, pocRoot: NO_RECORDS_ROOT, leaves: 1, totalCumulative: (5n * CXT).toString() });
    evolve(state, ev('corex.epoch.closed.v1', close2));
    expect(state.epochs.get(2)!.batches.flat()).toEqual([{ nodeId: A, payout: payA, amount: 5n * CXT, cumulative: 5n * CXT }]);
    expect(awaitingPayout(state)).toEqual([]);
  });

  it('given a closed event that does not match the state, then folding it refuses', () => {
    const state = rewardAll(given(submitted('j1', '10'), planned('j1', [50, 50]), completed('j1', 0, A)));
    const close = decideClose(state, { now: new Date(), epochLength: 1, payouts: new Map([[A, '0x' + '1'.repeat(40)]]), batchSize: 10 });
    expect(() => evolve(state, ev('corex.epoch.closed.v1', { ...close, rewardRoot: '0x' + 'f'.repeat(64) }))).toThrow(/reward root/);
  });

  it('given a completed training job, then its model is recorded with the next epoch', () => {
    const state = rewardAll(
      given(submitted('t', '8', 'training'), planned('t', [100]), completed('t', 0, A), ev('corex.job.completed.v1', { jobId: 't', result: { weightsHash: hash('e'), accuracy: 0.9123 } })),
    );
    const close = decideClose(state, { now: new Date(), epochLength: 1, payouts: new Map(), batchSize: 10 });
    // A log without step versions: the final weights as the last planned step, parent unknown, fragments root over that step's records.
    const root = StandardMerkleTree.of([pocLeafValue({ jobId: 't', fragmentId: 't-f0', nodeId: A, leaseId: 't-l0', resultHash: hash('a') })], POC_LEAF_ENCODING).root;
    expect(close.models).toEqual([{ jobId: 't', weightsHash: hash('e'), accuracyBps: 9123, parentWeightsHash: null, step: 0, fragmentsRoot: root }]);
    evolve(state, ev('corex.epoch.closed.v1', close));
    expect(state.models.size).toBe(0);
  });
});

describe('leaves', () => {
  it('verify against their roots with the OZ standard encoding', () => {
    const leaf = { nodeId: A, payout: '0x' + '3'.repeat(40), cumulative: 7n };
    const tree = rewardTree([leaf, { nodeId: B, payout: '0x' + '4'.repeat(40), cumulative: 1n }]);
    const value = rewardLeafValue(leaf);
    expect(StandardMerkleTree.verify(tree.root, REWARD_LEAF_ENCODING, value, proofOf(tree, value))).toBe(true);
    const record = pocLeafValue({ jobId: 'j', fragmentId: 'f', nodeId: A, leaseId: 'l', resultHash: hash('b') });
    expect(record[4]).toBe('0x' + hash('b'));
    expect(StandardMerkleTree.verify(tree.root, POC_LEAF_ENCODING, record, [])).toBe(false);
  });
});
