import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import { decideClose, decideReward } from './decide';
import { evolve, type SettlementInput } from './evolve';
import { initialSettlementState, type SettlementState } from './state';
import { NO_FRAGMENTS_ROOT, POC_LEAF_ENCODING, pocLeafValue } from './trees';

const A = 'A'.repeat(56);
const B = 'B'.repeat(56);
const T0 = '2026-11-30T00:00:00.000Z';
const hash = (c: string) => c.repeat(64);

const ev = (type: string, data: unknown): SettlementInput => ({ type, data, time: T0 });
const submitted = (jobId: string, type = 'training') => ev('corex.job.submitted.v1', { jobId, accountId: 'acct-1', type, budget: '8' });
const planned = (jobId: string, step: number, count: number, totalSteps = 3) =>
  ev('corex.job.fragments-planned.v1', {
    jobId,
    step,
    totalSteps,
    totalRows: count * 10,
    fragments: Array.from({ length: count }, (_, i) => ({ fragmentId: `${jobId}-s${step}-f${i}`, size: { rows: 10 } })),
  });
const verified = (jobId: string, fragmentId: string, nodeId: string) =>
  ev('corex.verification.fragment-verified.v1', { jobId, fragmentId, nodeId, leaseId: `${fragmentId}-lease`, resultHash: hash('a'), method: 'replica', sampled: false, checks: [], cost: { flops: 0, ms: 0 }, verifiedAt: T0 });
const step = (jobId: string, n: number, weights: string, extra: Record<string, unknown> = {}) =>
  ev('corex.job.step-completed.v1', { jobId, step: n, loss: 0.5, accuracy: 0.8 + n / 100, weightsHash: hash(weights), completedAt: T0, ...extra });
const record = (jobId: string, fragmentId: string, nodeId: string) => ({ jobId, fragmentId, nodeId, leaseId: `${fragmentId}-lease`, resultHash: hash('a') });
const rootOf = (...records: ReturnType<typeof record>[]) => StandardMerkleTree.of(records.map(pocLeafValue), POC_LEAF_ENCODING).root;

function given(...inputs: SettlementInput[]): SettlementState {
  const state = inputs.reduce((s, i) => evolve(s, i), initialSettlementState());
  for (const c of [...state.unrewarded.values()]) {
    const r = decideReward(state, c);
    if (r) evolve(state, ev('corex.fragment.rewarded.v1', r));
  }
  return state;
}
const close = (state: SettlementState) => decideClose(state, { now: new Date(T0), epochLength: 1, payouts: new Map(), batchSize: 10 });

describe('model versions', () => {
  it('given accepted steps with participants, when the epoch closes, then every version is recorded with its parent, step and the root of its participants’ records', () => {
    const state = given(
      submitted('t'),
      planned('t', 0, 2),
      verified('t', 't-s0-f0', A),
      verified('t', 't-s0-f1', B),
      step('t', 0, '1', { parentWeightsHash: hash('0'), participants: [{ fragmentId: 't-s0-f0', nodeId: A, rows: 10 }, { fragmentId: 't-s0-f1', nodeId: B, rows: 10 }] }),
      planned('t', 1, 2),
      verified('t', 't-s1-f0', A),
      verified('t', 't-s1-f1', B),
      // Only f1 entered the aggregation (f0 was excluded by the rule, say): the root holds f1's record alone.
      step('t', 1, '2', { parentWeightsHash: hash('1'), participants: [{ fragmentId: 't-s1-f1', nodeId: B, rows: 10 }] }),
    );
    expect(close(state).models).toEqual([
      { jobId: 't', weightsHash: hash('1'), parentWeightsHash: hash('0'), step: 0, accuracyBps: 8000, fragmentsRoot: rootOf(record('t', 't-s0-f0', A), record('t', 't-s0-f1', B)) },
      { jobId: 't', weightsHash: hash('2'), parentWeightsHash: hash('1'), step: 1, accuracyBps: 8100, fragmentsRoot: rootOf(record('t', 't-s1-f1', B)) },
    ]);
  });

  it('given a refused step, then it is no version, and the next version’s parent is the weights it kept', () => {
    const state = given(
      submitted('t'),
      step('t', 0, '1', { parentWeightsHash: null }),
      step('t', 1, '1', { parentWeightsHash: hash('1'), accepted: false }),
      step('t', 2, '3', { parentWeightsHash: hash('1') }),
    );
    expect(close(state).models.map((m) => [m.step, m.weightsHash, m.parentWeightsHash])).toEqual([
      [0, hash('1'), null],
      [2, hash('3'), hash('1')],
    ]);
  });

  it('given old step events without parent or participants, then the parent is the previous step’s weights and the root covers the step’s verified fragments', () => {
    const state = given(submitted('t'), planned('t', 0, 2), verified('t', 't-s0-f0', A), step('t', 0, '1'), planned('t', 1, 1), verified('t', 't-s1-f0', B), step('t', 1, '2'));
    const [v0, v1] = close(state).models;
    // f1 of step 0 was never verified: only what was rewarded is in the root (the same records as the epoch's Proof-of-Compute tree).
    expect(v0).toMatchObject({ step: 0, parentWeightsHash: null, fragmentsRoot: rootOf(record('t', 't-s0-f0', A)) });
    expect(v1).toMatchObject({ step: 1, parentWeightsHash: hash('1'), fragmentsRoot: rootOf(record('t', 't-s1-f0', B)) });
  });

  it('given a participant whose rewarded record is another node’s, or none at all, then it is left out; with no record the root is zero', () => {
    const state = given(
      submitted('t'),
      planned('t', 0, 1),
      verified('t', 't-s0-f0', A),
      step('t', 0, '1', { participants: [{ fragmentId: 't-s0-f0', nodeId: B, rows: 10 }, { fragmentId: 'elsewhere', nodeId: A, rows: 10 }] }),
    );
    expect(close(state).models[0]!.fragmentsRoot).toBe(NO_FRAGMENTS_ROOT);
  });

  it('given the final JobCompleted of a job whose steps are versions, then it adds nothing; a weights hash is recorded once across epochs', () => {
    const state = given(submitted('t'), step('t', 0, '1'), step('t', 1, '2'), ev('corex.job.completed.v1', { jobId: 't', result: { kind: 'model', weightsHash: hash('2'), accuracy: 0.9 } }));
    const first = close(state);
    expect(first.models.map((m) => m.weightsHash)).toEqual([hash('1'), hash('2')]);
    evolve(state, ev('corex.epoch.closed.v1', first));
    evolve(state, ev('corex.epoch.settled.v1', { epoch: 1 }));
    evolve(state, submitted('u'));
    evolve(state, step('u', 0, '2'));
    expect(close(state).models).toEqual([]);
  });

  it('given steps of an inference job or of an unknown job, then no version is taken', () => {
    const state = given(submitted('i', 'inference'), step('i', 0, '1'), step('nobody', 0, '2'));
    expect(close(state).models).toEqual([]);
  });

  it('given a replay of the same log, then the closed versions are the same', () => {
    const log = [submitted('t'), planned('t', 0, 1), verified('t', 't-s0-f0', A), step('t', 0, '1'), planned('t', 1, 1), verified('t', 't-s1-f0', A), step('t', 1, '2')];
    expect(close(given(...log))).toEqual(close(given(...log)));
  });
});
