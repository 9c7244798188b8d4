import { aggregateUpdates } from './aggregate-updates';
import { byzantineCount } from './byzantine-count';
import type { Update } from './types';

const u = (values: number[], weight = 1): Update => ({ vector: Float32Array.from(values), weight });
const values = (v: Float32Array) => Array.from(v);

// Given: nine honest updates of 16 coordinates within ±0.02 of 1 (deterministic noise) and one
// ×100 outlier; f = floor(10·0.2) = 2.
const hash = (i: number, j: number) => {
  const x = Math.sin(12.9898 * (i + 1) + 78.233 * (j + 1)) * 43758.5453;
  return x - Math.floor(x);
};
const noise = (i: number, j: number) => 0.02 * (2 * hash(i, j) - 1);
const honest = Array.from({ length: 9 }, (_, i) => u(Array.from({ length: 16 }, (_, j) => 1 + noise(i, j))));
const withOutlier = [...honest.slice(0, 5), u(new Array(16).fill(100)), ...honest.slice(5)];

describe('aggregateUpdates: mean', () => {
  it('weights each update by its rows and rejects nothing', () => {
    const out = aggregateUpdates([u([1, 2], 1), u([4, 8], 3)], { rule: 'mean' });
    expect(values(out.aggregate)).toEqual([3.25, 6.5]);
    expect(out.selected).toEqual([0, 1]);
    expect(out.rejected).toEqual([]);
  });

  it('is pulled far off by a single ×100 outlier', () => {
    const out = aggregateUpdates(withOutlier, { rule: 'mean' });
    expect(out.aggregate[0]).toBeGreaterThan(10);
  });

  it('falls back to equal weights when no update has rows', () => {
    expect(values(aggregateUpdates([u([2], 0), u([4], 0)], { rule: 'mean' }).aggregate)).toEqual([3]);
  });
});

describe('aggregateUpdates: median', () => {
  it('takes the per-coordinate median, unweighted (mean of the middle two for an even count)', () => {
    const out = aggregateUpdates([u([1, 10], 100), u([3, 30]), u([2, 20]), u([4, 40])], { rule: 'median', byzantineFraction: 0 });
    expect(values(out.aggregate)).toEqual([2.5, 25]);
  });

  it('stays with the honest cluster despite a ×100 outlier and reports the outlier trimmed', () => {
    const out = aggregateUpdates(withOutlier, { rule: 'median' });
    for (const x of values(out.aggregate)) expect(Math.abs(x - 1)).toBeLessThan(0.05);
    expect(out.rejected).toEqual([{ index: 5, reason: 'trimmed', measure: 1 }]);
    expect(out.selected).not.toContain(5);
  });
});

describe('aggregateUpdates: trimmed-mean', () => {
  it('drops f values per side per coordinate and averages the rest', () => {
    // f = floor(5·0.2) = 1: per coordinate drop min and max.
    const out = aggregateUpdates([u([1, 50]), u([2, 40]), u([3, 30]), u([4, 20]), u([100, 10])], { rule: 'trimmed-mean' });
    expect(values(out.aggregate)).toEqual([3, 30]);
  });

  it('is robust to a ×100 outlier and names it', () => {
    const out = aggregateUpdates(withOutlier, { rule: 'trimmed-mean' });
    for (const x of values(out.aggregate)) expect(Math.abs(x - 1)).toBeLessThan(0.05);
    expect(out.rejected.map((r) => r.index)).toEqual([5]);
  });

  it('counts only the coordinates where the updates differ (a ×100 update hides nowhere among dead units)', () => {
    // Coordinates 2 and 3 are zero everywhere (dead units): counted, update 4 would be outside in only 2 of 4.
    const out = aggregateUpdates([u([1, 2, 0, 0]), u([1.1, 1.9, 0, 0]), u([0.9, 2.1, 0, 0]), u([1.05, 2.05, 0, 0]), u([105, 210, 0, 0])], { rule: 'median' });
    expect(out.rejected).toEqual([{ index: 4, reason: 'trimmed', measure: 1 }]);
  });

  it('reports nothing when every update agrees', () => {
    expect(aggregateUpdates([u([2, 0]), u([2, 0]), u([2, 0]), u([2, 0]), u([2, 0])], { rule: 'trimmed-mean' }).rejected).toEqual([]);
  });

  it('does not call an update trimmed when at most half its coordinates fall outside', () => {
    // f = 1. Kept ranges: [1, 3] and [1, 2]. Update 0 is outside in both coordinates, 3 and 4 in one each.
    const out = aggregateUpdates([u([0, 0]), u([1, 1]), u([2, 2]), u([3, 3]), u([9, 2])], { rule: 'trimmed-mean' });
    expect(out.rejected).toEqual([{ index: 0, reason: 'trimmed', measure: 1 }]);
  });
});

describe('aggregateUpdates: norm-clip', () => {
  it('scales updates above clipNorm down to it, reports the factor, then takes the weighted mean', () => {
    const out = aggregateUpdates([u([3, 4], 1), u([0, 1], 1)], { rule: 'norm-clip', clipNorm: 1 });
    expect(values(out.aggregate).map((x) => Number(x.toFixed(5)))).toEqual([0.3, 0.9]);
    expect(out.rejected).toEqual([{ index: 0, reason: 'clipped', measure: 0.2 }]);
    expect(out.selected).toEqual([0, 1]);
  });

  it('clips to the median norm by default', () => {
    const out = aggregateUpdates([u([1, 0]), u([0, 2]), u([300, 300])], { rule: 'norm-clip' });
    // Norms 1, 2, 424.26: the median 2 bounds the outlier.
    expect(out.rejected.map((r) => r.index)).toEqual([2]);
    expect(Math.hypot(...values(out.aggregate))).toBeLessThan(2);
  });
});

describe('aggregateUpdates: krum and multi-krum', () => {
  // Given: eight honest updates in a tight cluster and two colluding ones far away, together (f = 2).
  const cluster = [u([1, 1]), u([1.1, 0.9]), u([0.9, 1.1]), u([1.05, 1]), u([1, 1.05]), u([0.95, 0.95]), u([1.02, 0.98]), u([0.98, 1.02])];
  const attackers = [u([-5, -5]), u([-5.1, -5])];
  const updates = [attackers[0], ...cluster.slice(0, 4), attackers[1], ...cluster.slice(4)];

  it('krum selects one update from the honest cluster and excludes the rest with their scores', () => {
    const out = aggregateUpdates(updates, { rule: 'krum' });
    expect(out.selected).toHaveLength(1);
    expect([0, 5]).not.toContain(out.selected[0]);
    expect(out.aggregate[0]).toBeCloseTo(updates[out.selected[0]].vector[0]);
    expect(out.rejected).toHaveLength(9);
    expect(out.rejected.every((r) => r.reason === 'excluded' && r.measure >= 0)).toBe(true);
  });

  it('multi-krum averages the n − f best, leaving the far-away attackers out', () => {
    const out = aggregateUpdates(updates, { rule: 'multi-krum' });
    expect(out.selected).toHaveLength(8);
    expect(out.rejected.map((r) => r.index)).toEqual([0, 5]);
    expect(Math.abs(out.aggregate[0] - 1)).toBeLessThan(0.1);
  });

  it('breaks equal scores by the lower index', () => {
    const out = aggregateUpdates([u([1]), u([1]), u([1]), u([1])], { rule: 'krum' });
    expect(out.selected).toEqual([0]);
  });
});

describe('aggregateUpdates: contract', () => {
  it('is deterministic and leaves its inputs untouched', () => {
    const copy = withOutlier.map((x) => values(x.vector));
    for (const rule of ['mean', 'median', 'trimmed-mean', 'norm-clip', 'krum', 'multi-krum'] as const) {
      const a = aggregateUpdates(withOutlier, { rule });
      const b = aggregateUpdates(withOutlier, { rule });
      expect(values(a.aggregate)).toEqual(values(b.aggregate));
      expect(a.rejected).toEqual(b.rejected);
    }
    expect(withOutlier.map((x) => values(x.vector))).toEqual(copy);
  });

  it('refuses an empty step and updates of different lengths', () => {
    expect(() => aggregateUpdates([], { rule: 'mean' })).toThrow(RangeError);
    expect(() => aggregateUpdates([u([1]), u([1, 2])], { rule: 'median' })).toThrow(RangeError);
  });
});

describe('byzantineCount', () => {
  it('is floor(n·fraction), 20% by default', () => {
    expect(byzantineCount(10, {})).toBe(2);
    expect(byzantineCount(14, { byzantineFraction: 0.25 })).toBe(3);
  });

  it('is capped so that Krum keeps n > 2f + 2, and never negative', () => {
    expect(byzantineCount(10, { byzantineFraction: 0.45 })).toBe(3);
    expect(byzantineCount(3, { byzantineFraction: 0.4 })).toBe(0);
    expect(byzantineCount(1, {})).toBe(0);
  });
});
