import type { Dataset } from '../datasets/dataset';
import { initMlpWeights, objectiveOf, parameterNames, weightsOf, type MlpGradients, type MlpShape, type MlpWeights } from '../model/mlp-weights';
import { buildMlpGradient } from '../onnx/mlp-gradient';
import { featureTensor, gradientsFromOutputs, labelTensor, targetTensor, weightTensors } from '../runtime/feeds';
import { openSession, type ComputeSession } from '../runtime/session';

/** Loss and gradients of one batch, as the gradient graph returns them. */
export interface GradientResult {
  readonly loss: number;
  readonly gradients: MlpGradients;
}

/**
 * One optimizer step on flattened parameters (every parameter in `parameterNames` order) from the
 * flattened gradient; it may keep state between calls (Adam's moments). E.g. @corex/training-domain's
 * sgdStep or adamStep, the same steps the scheduler takes for a distributed job.
 */
export type ParameterStep = (params: Float32Array, gradient: Float32Array) => Float32Array;

/** Settings of a full-batch gradient-descent run. */
export interface TrainingOptions {
  readonly shape: MlpShape;
  readonly steps: number;
  readonly learningRate: number;
  /** Seed of the initial weights. */
  readonly seed: number;
  /** Absent: plain SGD at `learningRate` (applySgdStep). */
  readonly optimizer?: ParameterStep;
}

/** Weights after training and the loss before each step. */
export interface TrainingResult {
  readonly weights: MlpWeights;
  readonly losses: readonly number[];
}

/** New weights: each parameter minus `learningRate` times its gradient; a standardization the weights carry stays. */
export function applySgdStep(weights: MlpWeights, gradients: MlpGradients, learningRate: number): MlpWeights {
  const stepped = parameterNames(weights.shape).map((name) => weights[name].map((value, index) => value - learningRate * gradients[name][index]!));
  return weightsOf(weights.shape, stepped, weights.standardization);
}

/** The `y` (class labels) or `t` (regression targets) feed of a batch, as the shape's gradient graph reads it. */
export function answerFeeds(shape: MlpShape, batch: Dataset): { y: ReturnType<typeof labelTensor> } | { t: ReturnType<typeof targetTensor> } {
  if (objectiveOf(shape) === 'classification') return { y: labelTensor(batch.labels) };
  if (!batch.targets) throw new TypeError('a regression batch needs targets');
  return { t: targetTensor(batch.targets) };
}

/** Runs a session of `buildMlpGradient` on one batch. */
export async function computeGradients(
  session: ComputeSession,
  weights: MlpWeights,
  batch: Dataset,
): Promise<GradientResult> {
  const feeds = { x: featureTensor(batch), ...answerFeeds(weights.shape, batch), ...weightTensors(weights) };
  const outputs = await session.run(feeds);
  return { loss: Number(outputs['loss'].data[0]), gradients: gradientsFromOutputs(outputs, weights.shape) };
}

/**
 * Full-batch gradient descent with the ONNX gradient graph, from seeded initial weights.
 * Expects features already preprocessed (standardized) as the model will see them.
 */
export async function trainMlp(train: Dataset, options: TrainingOptions): Promise<TrainingResult> {
  const session = await openSession(buildMlpGradient(options.shape));
  try {
    let weights = initMlpWeights(options.shape, options.seed);
    const losses: number[] = [];
    for (let step = 0; step < options.steps; step++) {
      const { loss, gradients } = await computeGradients(session, weights, train);
      losses.push(loss);
      weights = options.optimizer ? stepFlattened(weights, gradients, options.optimizer) : applySgdStep(weights, gradients, options.learningRate);
    }
    return { weights, losses };
  } finally {
    await session.release();
  }
}

function stepFlattened(weights: MlpWeights, gradients: MlpGradients, step: ParameterStep): MlpWeights {
  const names = parameterNames(weights.shape);
  const flat = (arrays: Float32Array[]) => {
    const out = new Float32Array(arrays.reduce((n, a) => n + a.length, 0));
    arrays.reduce((offset, a) => (out.set(a, offset), offset + a.length), 0);
    return out;
  };
  const next = step(flat(names.map((n) => weights[n])), flat(names.map((n) => gradients[n])));
  let offset = 0;
  return weightsOf(weights.shape, names.map((n) => next.slice(offset, (offset += weights[n].length))), weights.standardization);
}
