import type { Dataset } from '../datasets/dataset';
import { initMlpWeights, type MlpWeights } from '../model/mlp-weights';
import { accuracy, predictClasses } from '../model/metrics';
import { buildMlpForward } from '../onnx/mlp-forward';
import { featureTensor, weightTensors } from '../runtime/feeds';
import { runSession } from '../runtime/session';
import { standardizedPenguins } from '../testing/standardized-penguins';
import { applySgdStep, trainMlp } from './sgd';

// Standardized penguins are nearly linearly separable; a 4→16→3 MLP should classify at least
// nine in ten held-out birds after a few hundred full-batch steps.
const MINIMUM_HELD_OUT_ACCURACY = 0.9;
const shape = { inputs: 4, hidden: 16, classes: 3 };

async function accuracyOn(dataset: Dataset, weights: MlpWeights): Promise<number> {
  const feeds = { x: featureTensor(dataset), ...weightTensors(weights) };
  const { probabilities } = await runSession(buildMlpForward(shape), feeds);
  return accuracy(predictClasses(probabilities.data as Float32Array, shape.classes), dataset.labels);
}

describe('trainMlp', () => {
  it(`reaches held-out accuracy of at least ${MINIMUM_HELD_OUT_ACCURACY} on penguins`, async () => {
    const { train, heldOut } = await standardizedPenguins();
    const { weights, losses } = await trainMlp(train, { shape, steps: 300, learningRate: 0.5, seed: 1 });
    const heldOutAccuracy = await accuracyOn(heldOut, weights);
    const untrainedAccuracy = await accuracyOn(heldOut, initMlpWeights(shape, 1));
    expect(heldOutAccuracy).toBeGreaterThanOrEqual(MINIMUM_HELD_OUT_ACCURACY);
    expect(losses.at(-1)!).toBeLessThan(losses[0] / 5);
  });

  it('is reproducible: the same seed trains to the same weights', async () => {
    const { train } = await standardizedPenguins();
    const options = { shape, steps: 5, learningRate: 0.5, seed: 3 };
    expect((await trainMlp(train, options)).weights).toEqual((await trainMlp(train, options)).weights);
  });
});

describe('trainMlp with an optimizer', () => {
  it('hands each step the flattened parameters and gradient, and trains on what it returns', async () => {
    const { train } = await standardizedPenguins();
    const seen: number[] = [];
    // Plain SGD written as a flattened step: the same weights as the built-in one.
    const optimizer = (params: Float32Array, gradient: Float32Array) => {
      seen.push(params.length);
      return params.map((p, i) => p - 0.5 * gradient[i]!);
    };
    const options = { shape, steps: 3, learningRate: 0.5, seed: 2 };
    const flattened = await trainMlp(train, { ...options, optimizer });
    expect(seen).toEqual([4 * 16 + 16 + 16 * 3 + 3, 4 * 16 + 16 + 16 * 3 + 3, 4 * 16 + 16 + 16 * 3 + 3]);
    expect(flattened.weights).toEqual((await trainMlp(train, options)).weights);
  });
});

describe('applySgdStep', () => {
  it('subtracts the learning rate times each gradient and leaves the inputs untouched', () => {
    const weights = initMlpWeights({ inputs: 2, hidden: 2, classes: 2 }, 1);
    const gradients = {
      ...weights,
      W1: Float32Array.of(1, 2, 3, 4),
      b1: Float32Array.of(1, 1),
      W2: Float32Array.of(0, 0, 0, 0),
      b2: Float32Array.of(-2, 2),
    };
    const stepped = applySgdStep(weights, gradients, 0.5);
    expect(Array.from(stepped.W1)).toEqual(Array.from(weights.W1, (w, i) => Math.fround(w - 0.5 * gradients.W1[i])));
    expect(Array.from(stepped.b2)).toEqual([1, -1]);
    expect(stepped.W2).toEqual(weights.W2);
    expect(weights.b2).toEqual(new Float32Array(2));
  });
});

describe('accuracy', () => {
  it('counts rows whose highest score is the label', () => {
    const predictions = predictClasses(Float32Array.of(0.1, 0.9, 0.8, 0.2, 0.3, 0.7), 2);
    expect(Array.from(predictions)).toEqual([1, 0, 1]);
    expect(accuracy(predictions, Int32Array.of(1, 1, 1))).toBeCloseTo(2 / 3);
  });
});
