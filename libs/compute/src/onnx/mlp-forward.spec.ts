import { loadPenguins } from '../datasets/penguins';
import { initMlpWeights } from '../model/mlp-weights';
import { referenceMlpForward } from '../model/reference';
import { featureTensor, weightTensors } from '../runtime/feeds';
import { runSession } from '../runtime/session';
import { buildFeatureExtractor, buildMlpForward } from './mlp-forward';

function maxAbsDifference(a: Float32Array | BigInt64Array, b: Float32Array): number {
  return (a as Float32Array).reduce((worst, value, index) => Math.max(worst, Math.abs(value - b[index])), 0);
}

describe('buildMlpForward', () => {
  const shape = { inputs: 4, hidden: 16, classes: 3 };
  // Unstandardized but scaled so logits stay where float32 can hold a 1e-5 absolute tolerance.
  const penguins = loadPenguins();
  const scaled = { ...penguins, features: penguins.features.map((value) => value / 1000) };
  const weights = initMlpWeights(shape, 21);
  weights.b1.fill(0.05);
  weights.b2.set([0.1, -0.2, 0.3]);

  it('matches the JavaScript reference forward pass to 1e-5 on every output', async () => {
    const outputs = await runSession(buildMlpForward(shape), { x: featureTensor(scaled), ...weightTensors(weights) });
    const reference = referenceMlpForward(weights, scaled.features, scaled.rows);
    expect(outputs['logits'].dims).toEqual([scaled.rows, 3]);
    expect(outputs['hidden'].dims).toEqual([scaled.rows, 16]);
    expect(maxAbsDifference(outputs['logits'].data, reference.logits)).toBeLessThan(1e-5);
    expect(maxAbsDifference(outputs['probabilities'].data, reference.probabilities)).toBeLessThan(1e-5);
    expect(maxAbsDifference(outputs['hidden'].data, reference.hidden)).toBeLessThan(1e-5);
  });

  it('returns probabilities that are positive and sum to 1 per row', async () => {
    const feeds = { x: featureTensor(scaled), ...weightTensors(weights) };
    const { probabilities } = await runSession(buildMlpForward(shape), feeds);
    for (let row = 0; row < scaled.rows; row++) {
      const rowValues = Array.from(probabilities.data.subarray(row * 3, row * 3 + 3) as Float32Array);
      expect(rowValues.every((p) => p > 0)).toBe(true);
      expect(rowValues.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
  });

  it('serves any weights of the same shape, since weights are graph inputs', async () => {
    const graph = buildMlpForward(shape);
    const x = featureTensor(scaled);
    const first = await runSession(graph, { x, ...weightTensors(weights) });
    const second = await runSession(graph, { x, ...weightTensors(initMlpWeights(shape, 22)) });
    expect(maxAbsDifference(first['logits'].data, second['logits'].data as Float32Array)).toBeGreaterThan(1e-3);
  });
});

describe('buildFeatureExtractor', () => {
  it('returns ReLU(x·W1 + b1), equal to the reference hidden activations', async () => {
    const shape = { inputs: 4, hidden: 8, classes: 3 };
    const weights = initMlpWeights(shape, 4);
    weights.b1.fill(-0.1);
    const x = Float32Array.from({ length: 40 }, (_, i) => Math.sin(i));
    const { embeddings } = await runSession(buildFeatureExtractor(shape), {
      x: { data: x, dims: [10, 4] },
      W1: weightTensors(weights)['W1'],
      b1: weightTensors(weights)['b1'],
    });
    const reference = referenceMlpForward(weights, x, 10).hidden;
    expect(embeddings.dims).toEqual([10, 8]);
    expect(maxAbsDifference(embeddings.data, reference)).toBeLessThan(1e-5);
    expect(reference.some((value) => value === 0) && reference.some((value) => value > 0)).toBe(true);
  });
});
