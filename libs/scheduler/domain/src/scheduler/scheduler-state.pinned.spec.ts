import type { FragmentPlan } from '../planning/plan-fragments';
import { drainFor, givenScheduler, node, plan, requestOne, T0 } from '../testing/scheduler-fixtures';

const pinned = (fragmentId: string, pinnedNode: string): FragmentPlan => ({ ...plan(fragmentId), kind: 'federated-update', pinnedNode });

describe('SchedulerState pinned fragments', () => {
  it('given fragments pinned to a and b, when c asks for work, then it gets none of them', () => {
    const state = givenScheduler({ nodes: [node('a'), node('b'), node('c')], fragments: [pinned('p-a', 'a'), pinned('p-b', 'b')] });
    expect(requestOne(state, 'c')).toBeUndefined();
  });

  it('given fragments pinned to a and b, when b asks first, then it gets only its own, and a gets its own', () => {
    const state = givenScheduler({ nodes: [node('a'), node('b')], fragments: [pinned('p-a', 'a'), pinned('p-b', 'b')] });
    expect(drainFor(state, 'b')).toEqual(['p-b']);
    expect(drainFor(state, 'a')).toEqual(['p-a']);
  });

  it('given a pinned fragment ahead of unpinned work, when another node asks, then it passes over the pinned one', () => {
    const state = givenScheduler({ nodes: [node('a'), node('b')], fragments: [pinned('p-a', 'a'), plan('free')] });
    expect(requestOne(state, 'b')?.fragment.fragmentId).toBe('free');
  });

  it('scores a pinned fragment for its node exactly as an unpinned one', () => {
    const withPin = requestOne(givenScheduler({ nodes: [node('a')], fragments: [pinned('p-a', 'a')] }), 'a')!;
    const without = requestOne(givenScheduler({ nodes: [node('a')], fragments: [{ ...plan('p-a'), kind: 'federated-update' }] }), 'a')!;
    expect(withPin.score).toEqual(without.score);
  });

  it('counts only the pinned node as a live taker', () => {
    const state = givenScheduler({ nodes: [node('a'), node('b')], fragments: [pinned('p-a', 'a')] });
    expect(state.anyLiveTakerFor('p-a', T0, 'a')).toBe(false);
    expect(state.anyLiveTakerFor('p-a', T0, 'b')).toBe(true);
  });
});
