import { splitDataset } from '../datasets/dataset';
import { loadSeattleWeather } from '../datasets/seattle-weather';
import { computeMinMax, computeStandardization } from '../datasets/statistics';
import { gaussianNoise } from '../random/seeded-random';
import { featureTensor } from '../runtime/feeds';
import { runSession } from '../runtime/session';
import { buildMatMulBenchmark } from './matmul-benchmark';
import { buildPreprocess } from './preprocess';

const { train } = splitDataset(loadSeattleWeather(), 3);
const width = train.featureNames.length;
const column = (values: Float32Array, feature: number): number[] =>
  Array.from({ length: values.length / width }, (_, row) => values[row * width + feature]);
const perFeature = (data: Float32Array) => ({ data, dims: [width] });

describe('buildPreprocess', () => {
  it('standardizes each training feature to mean 0 and std 1', async () => {
    const { mean, std } = computeStandardization(train);
    const feeds = { x: featureTensor(train), mean: perFeature(mean), std: perFeature(std) };
    const { y } = await runSession(buildPreprocess('standardize', width), feeds);
    for (let feature = 0; feature < width; feature++) {
      const values = column(y.data as Float32Array, feature);
      const average = values.reduce((a, b) => a + b, 0) / values.length;
      const variance = values.reduce((a, b) => a + (b - average) ** 2, 0) / values.length;
      expect(Math.abs(average)).toBeLessThan(1e-5);
      expect(variance).toBeCloseTo(1, 4);
    }
  });

  it('rescales each training feature to span exactly [0, 1]', async () => {
    const { min, max } = computeMinMax(train);
    const feeds = { x: featureTensor(train), min: perFeature(min), max: perFeature(max) };
    const { y } = await runSession(buildPreprocess('min-max', width), feeds);
    for (let feature = 0; feature < width; feature++) {
      const values = column(y.data as Float32Array, feature);
      expect(Math.min(...values)).toBe(0);
      expect(Math.max(...values)).toBeCloseTo(1, 6);
    }
  });

  it('adds sigma times the given noise, so the same seed replays the same augmentation', async () => {
    const graph = buildPreprocess('gaussian-noise', width);
    const augment = async (seed: number) =>
      (await runSession(graph, {
        x: featureTensor(train),
        noise: { data: gaussianNoise(seed, train.features.length), dims: [train.rows, width] },
        sigma: { data: Float32Array.of(0.5), dims: [] },
      }))['y'].data as Float32Array;
    const augmented = await augment(8);
    const noise = gaussianNoise(8, train.features.length);
    const worst = augmented.reduce((w, value, i) => Math.max(w, Math.abs(value - (train.features[i] + 0.5 * noise[i]))), 0);
    expect(worst).toBeLessThan(1e-4);
    expect(await augment(8)).toEqual(augmented);
    expect(await augment(9)).not.toEqual(augmented);
  });

  it('rejects a non-positive feature count', () => {
    expect(() => buildPreprocess('standardize', 0)).toThrow(RangeError);
  });
});

describe('buildMatMulBenchmark', () => {
  it('multiplies two n×n matrices', async () => {
    const n = 7;
    const a = Float32Array.from({ length: n * n }, (_, i) => Math.cos(i));
    const b = Float32Array.from({ length: n * n }, (_, i) => (i % 5) - 2);
    const { c } = await runSession(buildMatMulBenchmark(n), { a: { data: a, dims: [n, n] }, b: { data: b, dims: [n, n] } });
    for (let row = 0; row < n; row++) {
      for (let col = 0; col < n; col++) {
        let expected = 0;
        for (let k = 0; k < n; k++) expected += a[row * n + k] * b[k * n + col];
        expect(c.data[row * n + col]).toBeCloseTo(expected, 5);
      }
    }
  });
});
