import fc from 'fast-check';
import { planFragments, type FragmentPlan, type JobToPlan, type JobType } from './plan-fragments';
import { MEMORY_SAFETY_FACTOR } from './fragment-size';

const penguins = { inputs: 4, hidden: 16, classes: 3 };
const data = { rows: 333, features: 4 };

function job(type: JobType, params: Record<string, unknown> = {}): JobToPlan {
  return { jobId: 'job-1', type, priority: 'high', requirements: { minTier: 'pro' }, params };
}

/** Asserts the ranges tile [0, rows) in order: every row exactly once. */
function expectTiles(fragments: FragmentPlan[], rows: number): void {
  let next = 0;
  for (const { rowRange, size } of fragments) {
    expect(rowRange[0]).toBe(next);
    expect(rowRange[1]).toBeGreaterThan(rowRange[0]);
    expect(size.rows).toBe(rowRange[1] - rowRange[0]);
    next = rowRange[1];
  }
  expect(next).toBe(rows);
}

describe('planFragments', () => {
  it('cuts inference into batches of batchRows rows, the last one taking the rest', () => {
    const fragments = planFragments(job('inference', { batchRows: 64 }), data, penguins);
    expect(fragments.map((f) => f.size.rows)).toEqual([64, 64, 64, 64, 64, 13]);
    expectTiles(fragments, data.rows);
  });

  it('sizes batches by compute when the job does not say: 2^24 flops worth of rows', () => {
    // The penguins MLP: 2·(4·16 + 16·3) = 224 flops a row, so 74,899 rows a batch.
    const fragments = planFragments(job('inference'), { rows: 200_000, features: 4 }, penguins);
    expect(fragments.map((f) => f.size.rows)).toEqual([74_899, 74_899, 50_202]);
    expect(fragments[0]!.size.flops).toBeGreaterThanOrEqual(2 ** 24);
    expect(planFragments(job('inference'), data, penguins).map((f) => f.size.rows)).toEqual([333]);
  });

  it('keeps default batches at 64 rows when the architecture is only a stand-in (uploaded graphs)', () => {
    const fragments = planFragments(job('inference'), { rows: 200, features: 4 }, penguins, 0, { architectureGuessed: true });
    expect(fragments.map((f) => f.size.rows)).toEqual([64, 64, 64, 8]);
    expect(planFragments(job('inference', { batchRows: 150 }), { rows: 200, features: 4 }, penguins, 0, { architectureGuessed: true })[0]!.size.rows).toBe(150);
  });

  it('keeps at least 64 rows in a default batch of heavy rows, unless 64 MiB of memory holds fewer', () => {
    const heavy = { inputs: 4, hidden: 100_000, classes: 3 };
    expect(planFragments(job('inference'), { rows: 1_000, features: 4 }, heavy)[0]!.size.rows).toBe(64);
    // A row needs 2·4·(4 + 1,000,000 + 3) bytes: 8 rows fit in 64 MiB.
    const huge = { inputs: 4, hidden: 1_000_000, classes: 3 };
    const [first] = planFragments(job('inference'), { rows: 1_000, features: 4 }, huge);
    expect(first!.size.rows).toBe(8);
  });

  it('names, numbers and labels each fragment and carries priority and requirements', () => {
    const [first, second] = planFragments(job('feature-extraction', { batchRows: 64 }), data, penguins);
    expect(first).toMatchObject({ fragmentId: 'job-1-s0-f0', jobId: 'job-1', index: 0, step: 0, kind: 'feature-extraction' });
    expect(second).toMatchObject({ fragmentId: 'job-1-s0-f1', index: 1, priority: 'high', requirements: { minTier: 'pro' } });
  });

  it('estimates forward flops as 2·rows·(inputs·hidden + hidden·classes)', () => {
    const [first] = planFragments(job('inference', { batchRows: 10 }), data, penguins);
    expect(first!.size.flops).toBe(2 * 10 * (4 * 16 + 16 * 3));
  });

  it('estimates memory as inputs, activations and weights in float32, times the safety factor', () => {
    const [first] = planFragments(job('inference', { batchRows: 10 }), data, penguins);
    const floats = 10 * 4 + 10 * (16 + 3) + (4 * 16 + 16 + 16 * 3 + 3);
    expect(first!.size.memoryBytes).toBe(floats * 4 * MEMORY_SAFETY_FACTOR);
  });

  it.each([0, -5, 2.9, 1e9, '10'])('refuses batchRows %p with JOB.PARAMS_INVALID instead of clamping or ignoring it', (batchRows) => {
    expect(() => planFragments(job('inference', { batchRows }), { rows: 200_000, features: 4 }, penguins)).toThrow(
      expect.objectContaining({ code: 'JOB.PARAMS_INVALID' }),
    );
  });

  it('slices preprocessing by 256 rows by default, or sliceRows, without needing a model', () => {
    expect(planFragments(job('preprocessing'), { rows: 600, features: 7 }).map((f) => f.size.rows)).toEqual([256, 256, 88]);
    const sliced = planFragments(job('preprocessing', { sliceRows: 100 }), { rows: 250, features: 7 });
    expect(sliced.map((f) => [f.kind, f.size.rows])).toEqual([['preprocessing', 100], ['preprocessing', 100], ['preprocessing', 50]]);
    expect(sliced[0]!.size.memoryBytes).toBe(2 * 100 * 7 * 4 * MEMORY_SAFETY_FACTOR);
  });

  it('plans one training step as one gradient fragment per shard of the training split', () => {
    const fragments = planFragments(job('training', { shards: 3 }), { rows: 100, features: 4 }, penguins, 7);
    expect(fragments.map((f) => f.fragmentId)).toEqual(['job-1-s7-f0', 'job-1-s7-f1', 'job-1-s7-f2']);
    expect(fragments.every((f) => f.kind === 'gradient' && f.step === 7)).toBe(true);
    expectTiles(fragments, 80);
    expect(fragments.map((f) => f.size.rows)).toEqual([26, 27, 27]);
  });

  it('prices a gradient fragment at three forward passes', () => {
    const [gradient] = planFragments(job('training', { shards: 1, heldOutFraction: 0.5 }), { rows: 20, features: 4 }, penguins);
    expect(gradient!.size.flops).toBe(3 * 2 * 10 * (4 * 16 + 16 * 3));
  });

  it('uses 4 shards by default and never more shards than training rows', () => {
    expect(planFragments(job('training'), data, penguins)).toHaveLength(4);
    expect(planFragments(job('training', { shards: 256 }), { rows: 5, features: 4 }, penguins)).toHaveLength(4);
  });

  it('refuses a step outside 0..epochs-1', () => {
    expect(() => planFragments(job('training', { epochs: 3 }), data, penguins, 3)).toThrow(
      expect.objectContaining({ code: 'SCHEDULER.STEP_OUT_OF_RANGE' }),
    );
    expect(planFragments(job('training', { epochs: 3 }), data, penguins, 2)).toHaveLength(4);
  });

  it('refuses an MLP job without architecture, a model of another width and empty data', () => {
    expect(() => planFragments(job('inference'), data)).toThrow(expect.objectContaining({ code: 'SCHEDULER.ARCHITECTURE_REQUIRED' }));
    expect(() => planFragments(job('inference'), { rows: 10, features: 5 }, penguins)).toThrow(
      expect.objectContaining({ code: 'SCHEDULER.SHAPE_MISMATCH' }),
    );
    expect(() => planFragments(job('preprocessing'), { rows: 0, features: 5 })).toThrow(expect.objectContaining({ code: 'SCHEDULER.DATA_INVALID' }));
  });

  it('covers every row exactly once whatever the data and batch sizes', () => {
    const types: JobType[] = ['inference', 'feature-extraction', 'preprocessing', 'training'];
    fc.assert(
      fc.property(fc.constantFrom(...types), fc.integer({ min: 2, max: 5000 }), fc.integer({ min: 1, max: 700 }), (type, rows, per) => {
        const params = type === 'training' ? { shards: Math.min(per, 256) } : type === 'preprocessing' ? { sliceRows: per } : { batchRows: per };
        const fragments = planFragments(job(type, params), { rows, features: 4 }, penguins);
        const covered = type === 'training' ? rows - Math.round(rows * 0.2) : rows;
        expectTiles(fragments, covered);
        expect(new Set(fragments.map((f) => f.fragmentId)).size).toBe(fragments.length);
      }),
    );
  });
});
