import { initMlpWeights, MLP_PARAMETERS, type MlpParameter, type MlpWeights } from '../model/mlp-weights';
import { referenceMlpLoss } from '../model/reference';
import { gradientsFromOutputs, labelTensor, weightTensors } from '../runtime/feeds';
import { openSession, runSession } from '../runtime/session';
import { standardizedPenguins } from '../testing/standardized-penguins';
import { applySgdStep, computeGradients } from '../training/sgd';
import { buildMlpGradient } from './mlp-gradient';

const STEP = 1e-2;
const RELATIVE_TOLERANCE = 1e-3;

/** Central difference of the reference loss for every element of one parameter. */
function finiteDifferences(weights: MlpWeights, name: MlpParameter, x: Float32Array, labels: Int32Array): Float64Array {
  return Float64Array.from(weights[name], (_, index) => {
    const perturbed = (delta: number): MlpWeights => {
      const values = Float32Array.from(weights[name]);
      values[index] += delta;
      return { ...weights, [name]: values };
    };
    const plus = perturbed(STEP);
    const minus = perturbed(-STEP);
    // Float32 rounding changes the step actually taken; divide by the real one.
    const taken = plus[name][index] - minus[name][index];
    return (referenceMlpLoss(plus, x, labels) - referenceMlpLoss(minus, x, labels)) / taken;
  });
}

/** Largest absolute difference, relative to the largest finite-difference magnitude. */
function relativeError(analytic: Float32Array, numeric: Float64Array): number {
  const scale = numeric.reduce((largest, value) => Math.max(largest, Math.abs(value)), 0);
  return analytic.reduce((worst, value, index) => Math.max(worst, Math.abs(value - numeric[index])), 0) / scale;
}

describe('buildMlpGradient', () => {
  const shape = { inputs: 3, hidden: 5, classes: 4 };
  const rows = 6;
  const x = Float32Array.from({ length: rows * shape.inputs }, (_, i) => Math.sin(1.7 * i + 0.3) * 2);
  const labels = Int32Array.from([0, 1, 2, 3, 1, 2]);
  const weights = initMlpWeights(shape, 13);
  weights.b1.set([0.1, -0.05, 0.2, 0.03, -0.1]);
  weights.b2.set([0.05, -0.1, 0, 0.2]);

  async function onnxGradients() {
    const feeds = { x: { data: x, dims: [rows, shape.inputs] }, y: labelTensor(labels), ...weightTensors(weights) };
    const outputs = await runSession(buildMlpGradient(shape), feeds);
    return { loss: outputs['loss'], gradients: gradientsFromOutputs(outputs, shape) };
  }

  it('returns the mean softmax cross-entropy as a scalar loss', async () => {
    const { loss } = await onnxGradients();
    expect(loss.dims).toEqual([]);
    expect(loss.data[0]).toBeCloseTo(referenceMlpLoss(weights, x, labels), 5);
  });

  it.each(MLP_PARAMETERS)('matches central finite differences for d%s', async (name) => {
    const { gradients } = await onnxGradients();
    const numeric = finiteDifferences(weights, name, x, labels);
    expect(numeric.some((value) => Math.abs(value) > 1e-3)).toBe(true);
    expect(relativeError(gradients[name], numeric)).toBeLessThan(RELATIVE_TOLERANCE);
  });

  it('lowers the penguin training loss with one SGD step', async () => {
    const { train } = await standardizedPenguins();
    const penguinShape = { inputs: 4, hidden: 16, classes: 3 };
    const session = await openSession(buildMlpGradient(penguinShape));
    const before = initMlpWeights(penguinShape, 1);
    const first = await computeGradients(session, before, train);
    const second = await computeGradients(session, applySgdStep(before, first.gradients, 0.1), train);
    await session.release();
    expect(second.loss).toBeLessThan(first.loss);
    expect(first.loss).toBeCloseTo(referenceMlpLoss(before, train.features, train.labels), 4);
  });
});
