import type { Benchmark, Hardware } from '@corex/events';
import { nodeInputFromReport, nodeProfile, tierFromGflops } from './node-profile';

const base = { nodeId: 'n1', memoryBytes: 4 * 1024 ** 3, gpus: 0, gflops: 3 };

describe('node profile', () => {
  it.each([
    [0.5, 'edge'],
    [4.99, 'edge'],
    [5, 'standard'],
    [49.9, 'standard'],
    [50, 'pro'],
    [500, 'elite'],
  ])('puts a node benchmarked at %p GFLOP/s in tier %p', (gflops, tier) => {
    expect(tierFromGflops(gflops)).toBe(tier);
  });

  it('takes neutral defaults: tier from gflops, reputation 0.5, no stake boost, no stake, not a verifier, one slot', () => {
    expect(nodeProfile(base)).toEqual({ ...base, tier: 'edge', reputation: 0.5, stakeBoost: 1, activeStakeWei: 0n, verifier: false, capacitySlots: 1 });
  });

  it('keeps what it is given over the defaults', () => {
    const given = { ...base, tier: 'elite' as const, reputation: 0.9, stakeBoost: 2.5, activeStakeWei: 5n, verifier: true, capacitySlots: 8 };
    expect(nodeProfile(given)).toEqual(given);
  });

  it.each([
    { stakeBoost: 1.05 },
    { stakeBoost: 3.5 },
    { reputation: 1.2 },
    { memoryBytes: 0 },
    { gpus: -1 },
    { capacitySlots: 0 },
    { gflops: 0 },
    { activeStakeWei: -1n },
  ])('refuses %p', (bad) => {
    expect(() => nodeProfile({ ...base, ...bad })).toThrow(expect.objectContaining({ code: 'SCHEDULER.NODE_INVALID' }));
  });

  it('reads memory, GPUs, gflops and one slot per two cores from a registration report', () => {
    const hardware = { cpuCores: 12, memoryBytes: 16e9, gpus: [{ name: 'A', memoryBytes: 8e9 }] } as Hardware;
    const benchmark = { gflops: 80 } as Benchmark;
    expect(nodeInputFromReport('n1', hardware, benchmark)).toEqual({ nodeId: 'n1', memoryBytes: 16e9, gpus: 1, gflops: 80, capacitySlots: 6 });
    expect(nodeInputFromReport('n1', { ...hardware, cpuCores: 1 }, benchmark).capacitySlots).toBe(1);
    expect(nodeInputFromReport('n1', { ...hardware, cpuCores: 128 }, benchmark).capacitySlots).toBe(16);
  });
});
