import { initMlpWeights, parameterNames, type MlpShape, type MlpWeights, type ParameterName } from '../model/mlp-weights';
import { referenceMlpLoss, referenceMlpSquaredError } from '../model/reference';
import { gradientsFromOutputs, labelTensor, targetTensor, weightTensors } from '../runtime/feeds';
import { runSession } from '../runtime/session';
import { buildMlpGradient } from './mlp-gradient';

// Smaller than the two-layer spec's step: with more ReLUs, a larger step crosses a kink somewhere.
const STEP = 1e-3;
const RELATIVE_TOLERANCE = 1e-3;
const rows = 7;

type Loss = (weights: MlpWeights) => number;

/** Central difference of a float64 reference loss for every element of one parameter. */
function finiteDifferences(weights: MlpWeights, name: ParameterName, loss: Loss): Float64Array {
  return Float64Array.from(weights[name], (_, index) => {
    const perturbed = (delta: number): MlpWeights => {
      const values = Float32Array.from(weights[name]);
      values[index] += delta;
      return { ...weights, [name]: values };
    };
    const [plus, minus] = [perturbed(STEP), perturbed(-STEP)];
    // Float32 rounding changes the step actually taken; divide by the real one.
    return (loss(plus) - loss(minus)) / (plus[name][index]! - minus[name][index]!);
  });
}

function relativeError(analytic: Float32Array, numeric: Float64Array): number {
  const scale = numeric.reduce((largest, value) => Math.max(largest, Math.abs(value)), 0);
  return analytic.reduce((worst, value, index) => Math.max(worst, Math.abs(value - numeric[index]!)), 0) / scale;
}

/** Small nonzero biases, so every ReLU sees both signs and no gradient is trivially zero. */
function tinyNet(shape: MlpShape, seed: number): MlpWeights {
  const weights = initMlpWeights(shape, seed);
  for (const name of parameterNames(shape).filter((n) => n.startsWith('b'))) weights[name].forEach((_, i, b) => (b[i] = 0.05 * Math.sin(3 * i + 1)));
  return weights;
}

const x = Float32Array.from({ length: rows * 3 }, (_, i) => Math.sin(1.7 * i + 0.3) * 2);

describe('buildMlpGradient with three hidden layers (classification)', () => {
  const shape: MlpShape = { inputs: 3, hidden: 5, classes: 4, hiddenLayers: 3 };
  const labels = Int32Array.from([0, 1, 2, 3, 1, 2, 0]);
  const weights = tinyNet(shape, 13);
  const loss: Loss = (w) => referenceMlpLoss(w, x, labels);

  async function onnx() {
    const outputs = await runSession(buildMlpGradient(shape), { x: { data: x, dims: [rows, 3] }, y: labelTensor(labels), ...weightTensors(weights) });
    return { loss: outputs['loss']!, gradients: gradientsFromOutputs(outputs, shape) };
  }

  it('declares a gradient output for each of the eight parameters', () => {
    expect(parameterNames(shape)).toEqual(['W1', 'b1', 'W2', 'b2', 'W3', 'b3', 'W4', 'b4']);
  });

  it('returns the mean softmax cross-entropy of the deep network', async () => {
    expect((await onnx()).loss.data[0]).toBeCloseTo(loss(weights), 5);
  });

  it.each(parameterNames(shape))('matches central finite differences for d%s', async (name) => {
    const numeric = finiteDifferences(weights, name, loss);
    expect(numeric.some((value) => Math.abs(value) > 1e-4)).toBe(true);
    expect(relativeError((await onnx()).gradients[name], numeric)).toBeLessThan(RELATIVE_TOLERANCE);
  });
});

describe('buildMlpGradient for regression (mean squared error, two hidden layers)', () => {
  const shape: MlpShape = { inputs: 3, hidden: 4, classes: 1, hiddenLayers: 2, objective: 'regression' };
  const targets = Float32Array.from({ length: rows }, (_, row) => x[row * 3]! - 0.5 * x[row * 3 + 2]! + 0.3);
  const weights = tinyNet(shape, 5);
  const loss: Loss = (w) => referenceMlpSquaredError(w, x, targets);

  async function onnx() {
    const outputs = await runSession(buildMlpGradient(shape), { x: { data: x, dims: [rows, 3] }, t: targetTensor(targets), ...weightTensors(weights) });
    return { loss: outputs['loss']!, gradients: gradientsFromOutputs(outputs, shape) };
  }

  it('returns the mean squared error as a scalar loss', async () => {
    const { loss: value } = await onnx();
    expect(value.dims).toEqual([]);
    expect(value.data[0]).toBeCloseTo(loss(weights), 4);
  });

  it.each(parameterNames(shape))('matches central finite differences for d%s', async (name) => {
    const numeric = finiteDifferences(weights, name, loss);
    expect(numeric.some((value) => Math.abs(value) > 1e-4)).toBe(true);
    expect(relativeError((await onnx()).gradients[name], numeric)).toBeLessThan(RELATIVE_TOLERANCE);
  });
});
