import { splitDataset } from '../datasets/dataset';
import { combineMoments, mergeMoments, minMaxOf, momentsOfPart, standardizationOf, type FeatureMoments } from '../datasets/moments';
import { loadSeattleWeather } from '../datasets/seattle-weather';
import { computeMinMax, computeStandardization } from '../datasets/statistics';
import { featureTensor, sliceRows } from '../runtime/feeds';
import { runSession } from '../runtime/session';
import { buildStatistics } from './statistics';

const { train } = splitDataset(loadSeattleWeather(), 3);
const width = train.featureNames.length;

async function momentsOfRows(start: number, end: number): Promise<FeatureMoments> {
  const { x } = sliceRows({ x: featureTensor(train) }, [start, end]);
  return momentsOfPart(await runSession(buildStatistics(width), { x: x! }));
}

const moments = (count: number, mean: number[], m2: number[]): FeatureMoments => ({
  count,
  mean: Float64Array.from(mean),
  m2: Float64Array.from(m2),
  min: Float64Array.from(mean),
  max: Float64Array.from(mean),
});

describe('buildStatistics', () => {
  it('reports the count, sum, squared deviations, min and max of its rows', async () => {
    const { count, sum, m2, min, max } = await runSession(buildStatistics(2), { x: { data: Float32Array.of(1, 10, 3, 20, 5, 60), dims: [3, 2] } });
    expect(Array.from(count!.data as Float32Array)).toEqual([3]);
    expect(Array.from(sum!.data as Float32Array)).toEqual([9, 90]);
    expect(Array.from(m2!.data as Float32Array)).toEqual([8, 1400]);
    expect(Array.from(min!.data as Float32Array)).toEqual([1, 10]);
    expect(Array.from(max!.data as Float32Array)).toEqual([5, 60]);
  });

  it('merged over uneven shards, gives the standardization and min-max of the whole dataset', async () => {
    const bounds = [0, 7, 300, 301, 900, train.rows];
    const parts = await Promise.all(bounds.slice(1).map((end, i) => momentsOfRows(bounds[i]!, end)));
    const merged = combineMoments(parts);
    const expected = computeStandardization(train);
    const { mean, std } = standardizationOf(merged);
    for (let f = 0; f < width; f++) {
      expect(mean[f]).toBeCloseTo(expected.mean[f]!, 4);
      expect(std[f]! / expected.std[f]!).toBeCloseTo(1, 5);
    }
    expect(minMaxOf(merged)).toEqual(computeMinMax(train));
    expect(merged.count).toBe(train.rows);
  });
});

describe('mergeMoments', () => {
  it('given two parts, when merged, then the variance is that of all their values', () => {
    // [1, 3] and [5]: mean 3, m2 = 4 + 0 + 4.
    const merged = mergeMoments(moments(2, [2], [2]), moments(1, [5], [0]));
    expect(merged.count).toBe(3);
    expect(merged.mean[0]).toBe(3);
    expect(merged.m2[0]).toBeCloseTo(8, 12);
  });

  it('given values far from zero, then it keeps the variance a naive sum of squares loses', () => {
    const offset = 1e9;
    const parts = Array.from({ length: 8 }, (_, i) => moments(2, [offset + i], [0.5]));
    const merged = combineMoments(parts);
    // 16 values offset+i±0.5: variance of i over 0..7 (5.25) plus 0.25.
    expect(merged.m2[0]! / merged.count).toBeCloseTo(5.5, 6);
  });

  it('refuses parts of different widths', () => {
    expect(() => mergeMoments(moments(1, [1], [0]), moments(1, [1, 2], [0, 0]))).toThrow(RangeError);
  });
});
