import { drainFor, GiB, givenScheduler, MiB, node, plan, requestOne, T0 } from '../testing/scheduler-fixtures';

describe('SchedulerState matching', () => {
  it('never gives a node a fragment needing more memory than it offers', () => {
    const state = givenScheduler({
      nodes: [node('small', { memoryBytes: 2 * GiB })],
      fragments: [plan('big', { memoryBytes: 3 * GiB }), plan('min', { requirements: { minMemoryBytes: 4 * GiB } })],
    });
    expect(requestOne(state, 'small')).toBeUndefined();
    expect(state.stats().queued).toBe(2);
  });

  it('counts only the memory the node says is free, to the byte, not what it has', () => {
    const need = Math.round(2.3 * GiB);
    const state = givenScheduler({ nodes: [node('n', { memoryBytes: 16 * GiB })], fragments: [plan('f', { memoryBytes: need })] });
    expect(requestOne(state, 'n', T0, need - 1)).toBeUndefined();
    expect(requestOne(state, 'n', T0, need)?.fragment.fragmentId).toBe('f');
  });

  it('never gives a node below the minimum tier, or without a GPU, work that requires it', () => {
    const state = givenScheduler({
      nodes: [node('standard', { gflops: 10 }), node('elite-gpu', { gflops: 900, gpus: 1 })],
      fragments: [plan('pro-only', { requirements: { minTier: 'pro' } }), plan('gpu-only', { requirements: { gpu: true } })],
      // Tiers from benchmarks as they are (with verification, unrated nodes are capped: scheduler-state.trust.spec).
      options: { verification: 'off' },
    });
    expect(requestOne(state, 'standard')).toBeUndefined();
    expect(drainFor(state, 'elite-gpu').sort()).toEqual(['gpu-only', 'pro-only']);
  });

  it('assigns high-priority work before normal and low, whatever the arrival order', () => {
    const state = givenScheduler({
      nodes: [node('n')],
      fragments: [plan('low', { priority: 'low' }), plan('normal'), plan('high', { priority: 'high' })],
    });
    expect(drainFor(state, 'n')).toEqual(['high', 'normal', 'low']);
  });

  it('assigns equal work oldest first', () => {
    const state = givenScheduler({ nodes: [node('n')], fragments: ['a', 'b', 'c'].map((id) => plan(id)) });
    expect(drainFor(state, 'n')).toEqual(['a', 'b', 'c']);
  });

  it('keeps feeding a small node light work while heavy work, older and higher, waits for a big node', () => {
    const heavy = Array.from({ length: 50 }, (_, i) => plan(`heavy-${i}`, { memoryBytes: 12 * GiB, priority: 'high' }));
    const light = Array.from({ length: 3 }, (_, i) => plan(`light-${i}`, { memoryBytes: 64 * MiB, priority: 'low' }));
    const state = givenScheduler({
      nodes: [node('small', { memoryBytes: 1 * GiB }), node('big', { memoryBytes: 64 * GiB })],
      fragments: [...heavy, ...light],
    });
    expect(drainFor(state, 'small')).toEqual(['light-0', 'light-1', 'light-2']);
    expect(state.stats().queued).toBe(50);
    expect(requestOne(state, 'big')?.fragment.fragmentId).toBe('heavy-0');
  });

  it('gives a big node the largest work it can hold before lighter work of the same priority', () => {
    const state = givenScheduler({
      nodes: [node('big', { memoryBytes: 64 * GiB })],
      fragments: [plan('light', { memoryBytes: 10 * MiB }), plan('heavy', { memoryBytes: 20 * GiB })],
    });
    const first = requestOne(state, 'big')!;
    expect(first.fragment.fragmentId).toBe('heavy');
    expect(first.score.sizeFit).toBeCloseTo(0.5 + 0.5 * (20 / 64), 6);
  });

  it('hands out several fragments per request within the free memory and the free capacity slots', () => {
    const state = givenScheduler({
      nodes: [node('n', { capacitySlots: 3 })],
      fragments: ['a', 'b', 'c', 'd'].map((id) => plan(id, { memoryBytes: 1 * GiB })),
    });
    const first = state.requestWork({ nodeId: 'n', freeMemoryBytes: 2.5 * GiB, slots: 10, now: T0 });
    expect(first.map((a) => a.fragment.fragmentId)).toEqual(['a', 'b']);
    const second = state.requestWork({ nodeId: 'n', freeMemoryBytes: 8 * GiB, slots: 10, now: T0 });
    expect(second.map((a) => a.fragment.fragmentId)).toEqual(['c']);
  });

  it('explains each assignment with the published score', () => {
    const state = givenScheduler({
      nodes: [node('n', { gflops: 60, reputation: 0.9, stakeBoost: 1.5 })],
      fragments: [plan('f', { priority: 'high', memoryBytes: 2 * GiB })],
      options: { verification: 'off' },
    });
    const { score } = requestOne(state, 'n', T0, 4 * GiB)!;
    expect(score).toEqual({ tier: 1.5, reputation: 0.9, stakeBoost: 1.5, priority: 4, sizeFit: 0.75, locality: 1, replica: 1, total: 1.5 * 0.9 * 1.5 * 4 * 0.75 });
  });

  it('refuses work to a node it does not know', () => {
    const state = givenScheduler({ fragments: [plan('f')] });
    expect(() => requestOne(state, 'ghost')).toThrow(expect.objectContaining({ code: 'SCHEDULER.NODE_UNKNOWN' }));
  });

  it('ignores fragments it already holds, so a replayed plan does not queue work twice', () => {
    const state = givenScheduler({ nodes: [node('n')], fragments: [plan('f')] });
    expect(state.addFragments([plan('f'), plan('g')])).toBe(1);
    expect(drainFor(state, 'n')).toEqual(['f', 'g']);
    expect(state.addFragments([plan('f')])).toBe(0);
    expect(state.stats()).toMatchObject({ queued: 0, completed: 2 });
  });
});
