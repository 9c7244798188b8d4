import { LOCALITY_BLOCKS_PER_NODE, LocalityBook } from '../matching/locality';
import { LOCALITY_BONUS } from '../matching/score';
import type { FragmentPlan } from '../planning/plan-fragments';
import { givenScheduler, node, plan, T0 } from '../testing/scheduler-fixtures';
import type { SchedulerState } from './scheduler-state';

/** Fragment `f<i>` of a training step reading block `block-<i>` (the same blocks at every step). */
const stepPlans = (step: number, shards: number, options: Parameters<typeof plan>[1] = {}): FragmentPlan[] =>
  Array.from({ length: shards }, (_, i) => ({ ...plan(`job-1-s${step}-f${i}`, options), index: i, step, inputHash: `block-${i}` }));

/** Leases one fragment at a time to the node and completes it; returns the assignments. */
function run(state: SchedulerState, nodeId: string, count: number) {
  const taken = [];
  for (let i = 0; i < count; i++) {
    const [assignment] = state.requestWork({ nodeId, freeMemoryBytes: Number.MAX_SAFE_INTEGER, slots: 1, now: T0 });
    if (!assignment) break;
    state.complete(assignment.fragment.fragmentId, assignment.lease.leaseId, nodeId, T0);
    taken.push(assignment);
  }
  return taken;
}

const shardOf = (fragmentId: string) => fragmentId.split('-f')[1];

describe('SchedulerState locality', () => {
  it('gives a node the shard whose input block it fetched at the previous step, scoring LOCALITY_BONUS', () => {
    const state = givenScheduler({ nodes: [node('a'), node('b')], fragments: stepPlans(0, 4) });
    const stepZero = { a: run(state, 'a', 2).map((x) => shardOf(x.fragment.fragmentId)), b: run(state, 'b', 2).map((x) => shardOf(x.fragment.fragmentId)) };
    expect(stepZero).toEqual({ a: ['0', '1'], b: ['2', '3'] });

    state.addFragments(stepPlans(1, 4));
    // b asks first: the queue alone would give it shards 0 and 1 (oldest first).
    const b = run(state, 'b', 2);
    const a = run(state, 'a', 2);
    expect(b.map((x) => shardOf(x.fragment.fragmentId)).sort()).toEqual(['2', '3']);
    expect(a.map((x) => shardOf(x.fragment.fragmentId)).sort()).toEqual(['0', '1']);
    expect([...a, ...b].map((x) => x.score.locality)).toEqual([LOCALITY_BONUS, LOCALITY_BONUS, LOCALITY_BONUS, LOCALITY_BONUS]);
  });

  it('gives a block back to the node that leased it last before one that fetched it earlier', () => {
    const state = givenScheduler({ nodes: [node('a'), node('b')], fragments: stepPlans(0, 2).reverse() });
    // b fetches block-1, then block-0 (its most recent); then a leases block-0 at step 1.
    expect(run(state, 'b', 2).map((x) => shardOf(x.fragment.fragmentId))).toEqual(['1', '0']);
    state.addFragments(stepPlans(1, 1));
    run(state, 'a', 1);
    state.addFragments(stepPlans(2, 2));
    const [taken] = run(state, 'b', 1);
    expect(taken!.fragment.fragmentId).toBe('job-1-s2-f1');
    expect(taken!.score.locality).toBe(LOCALITY_BONUS);
  });

  it('gives each shard back to the node that ran it when all shards share one block', () => {
    const shared = (step: number) => stepPlans(step, 4).map((p) => ({ ...p, inputHash: 'one-block', rowRange: [p.index * 10, p.index * 10 + 10] as const }));
    const state = givenScheduler({ nodes: [node('a'), node('b')], fragments: shared(0) });
    run(state, 'a', 2);
    run(state, 'b', 2);
    state.addFragments(shared(1));
    // b asks first and holds the block every fragment reads: it still gets its own shards.
    expect(run(state, 'b', 2).map((x) => shardOf(x.fragment.fragmentId)).sort()).toEqual(['2', '3']);
    expect(run(state, 'a', 2).map((x) => shardOf(x.fragment.fragmentId)).sort()).toEqual(['0', '1']);
  });

  it('scores 1 for a fragment whose block the node never fetched', () => {
    const state = givenScheduler({ nodes: [node('a')], fragments: stepPlans(0, 1) });
    const [first] = run(state, 'a', 1);
    expect(first!.score.locality).toBe(1);
    expect(first!.score.total).toBeCloseTo(
      first!.score.tier * first!.score.reputation * first!.score.stakeBoost * first!.score.priority * first!.score.sizeFit * first!.score.replica,
    );
  });

  it('never takes a local fragment ahead of higher-priority work', () => {
    const state = givenScheduler({ nodes: [node('a')], fragments: stepPlans(0, 1, { priority: 'low' }) });
    run(state, 'a', 1);
    state.addFragments([...stepPlans(1, 1, { priority: 'low' }), plan('urgent', { jobId: 'job-2', priority: 'high' })]);
    expect(run(state, 'a', 1)[0]!.fragment.fragmentId).toBe('urgent');
    const [local] = run(state, 'a', 1);
    expect(local!.fragment.fragmentId).toBe('job-1-s1-f0');
    expect(local!.score.locality).toBe(LOCALITY_BONUS);
  });

  it('never gives a node a local fragment it is excluded from, or cannot hold', () => {
    const state = givenScheduler({ nodes: [node('a'), node('b')], fragments: stepPlans(0, 2) });
    run(state, 'a', 2);
    state.addFragments(stepPlans(1, 2));
    state.excludeNode('job-1-s1-f0', 'a');
    const [taken] = run(state, 'a', 1);
    expect(taken!.fragment.fragmentId).toBe('job-1-s1-f1');
    expect(state.requestWork({ nodeId: 'a', freeMemoryBytes: 1, slots: 1, now: T0 })).toEqual([]);
  });

  it('forgets the blocks of a node that left', () => {
    const state = givenScheduler({ nodes: [node('a'), node('b')], fragments: stepPlans(0, 2) });
    run(state, 'a', 1);
    state.removeNode('a');
    state.upsertNode(node('a'), T0);
    state.addFragments(stepPlans(1, 2));
    expect(run(state, 'a', 1)[0]!.score.locality).toBe(1);
  });
});

describe('LocalityBook', () => {
  it('remembers at most LOCALITY_BLOCKS_PER_NODE blocks per node, forgetting the least recent first', () => {
    const book = new LocalityBook();
    const block = (hash: string) => ({ inputHash: hash, rowRange: [0, 1] as const });
    for (let i = 0; i <= LOCALITY_BLOCKS_PER_NODE; i++) book.remember('n', block(`h${i}`));
    book.remember('n', block('h1'));
    book.remember('n', block(`h${LOCALITY_BLOCKS_PER_NODE + 1}`));
    expect(book.holds('n', 'h0')).toBe(false);
    expect(book.holds('n', 'h1')).toBe(true);
    expect(book.holds('n', 'h2')).toBe(false);
    expect(book.heldBy('n')).toHaveLength(LOCALITY_BLOCKS_PER_NODE);
    expect(book.heldBy('n')[0]).toBe(`h${LOCALITY_BLOCKS_PER_NODE + 1}`);
  });
});
