import {
  buildMlpGradient,
  computeGradients,
  computeStandardization,
  initMlpWeights,
  loadPenguins,
  openSession,
  parameterNames,
  type ComputeSession,
  type Dataset,
  type MlpWeights,
} from '@corex/compute';
import { flatDelta, standardizeRows, trainLocally, type PrivateGradient } from './local-training';

const shape = { inputs: 4, hidden: 8, classes: 3 };

describe('local training of a federated update', () => {
  let session: ComputeSession;
  let rows: Dataset;
  let gradientAt: PrivateGradient;

  beforeAll(async () => {
    session = await openSession(buildMlpGradient(shape));
    const penguins = loadPenguins();
    const stats = computeStandardization(penguins);
    const take = 60;
    const raw = Array.from(penguins.features.subarray(0, take * shape.inputs));
    rows = { ...penguins, rows: take, features: standardizeRows(raw, stats), labels: penguins.labels.subarray(0, take) };
    gradientAt = (weights) => computeGradients(session, weights, rows);
  });
  afterAll(() => session.release());

  it('moves the weights in a direction that lowers the loss on the private rows', async () => {
    const global = initMlpWeights(shape, 3);
    const { local, losses } = await trainLocally(global, gradientAt, { epochs: 5, learningRate: 0.5 });
    const before = (await gradientAt(global)).loss;
    const after = (await gradientAt(local)).loss;
    expect(losses).toHaveLength(6);
    expect(losses[0]).toBeCloseTo(before, 6);
    expect(losses[5]).toBeCloseTo(after, 6);
    expect(after).toBeLessThan(before);
    // Global + delta is the local model: the delta carries the whole improvement.
    const delta = flatDelta(local, global);
    const applied = addFlat(global, delta);
    expect((await gradientAt(applied)).loss).toBeCloseTo(after, 5);
  });

  it('flattens the delta parameter by parameter in parameterNames order', async () => {
    const global = initMlpWeights(shape, 4);
    const { local } = await trainLocally(global, gradientAt, { epochs: 1, learningRate: 0.1 });
    const delta = flatDelta(local, global);
    let offset = 0;
    for (const name of parameterNames(shape)) {
      const expected = local[name].map((v, i) => v - global[name][i]!);
      expect(Array.from(delta.subarray(offset, offset + expected.length))).toEqual(Array.from(expected));
      offset += expected.length;
    }
    expect(offset).toBe(delta.length);
    expect(delta.some((v) => v !== 0)).toBe(true);
  });

  it('refuses to send an update when the local loss is not finite', async () => {
    const broken: PrivateGradient = async (weights) => ({ loss: Number.NaN, gradients: weights });
    await expect(trainLocally(initMlpWeights(shape, 5), broken, { epochs: 2, learningRate: 0.1 })).rejects.toMatchObject({ code: 'RUNNER.LOCAL_TRAINING_DIVERGED' });
  });

  it('standardizes each feature with the federation statistics', () => {
    const x = standardizeRows([1, 10, 3, 30], { mean: [2, 20], std: [1, 10] });
    expect(Array.from(x)).toEqual([-1, -1, 1, 1]);
  });
});

function addFlat(weights: MlpWeights, delta: Float32Array): MlpWeights {
  let offset = 0;
  const next: Record<string, Float32Array> = {};
  for (const name of parameterNames(weights.shape)) {
    next[name] = weights[name].map((v, i) => v + delta[offset + i]!);
    offset += weights[name].length;
  }
  return { ...weights, ...next } as MlpWeights;
}
