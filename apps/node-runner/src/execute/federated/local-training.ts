import { applySgdStep, parameterNames, type GradientResult, type MlpWeights } from '@corex/compute';
import { ValidationError } from '@corex/platform';

/** Loss and gradients of the node's private rows at some weights (one full-batch run of the gradient graph). */
export type PrivateGradient = (weights: MlpWeights) => Promise<GradientResult>;

/** Weights after the local epochs, and the private loss before each step and after the last one. */
export interface LocalTraining {
  readonly local: MlpWeights;
  readonly losses: readonly number[];
}

/**
 * FedAvg's local part: `epochs` full-batch gradient-descent steps from the global weights on the
 * node's own rows. Refuses a non-finite loss rather than sending a poisoned update.
 */
export async function trainLocally(global: MlpWeights, gradientAt: PrivateGradient, options: { epochs: number; learningRate: number }): Promise<LocalTraining> {
  let weights = global;
  const losses: number[] = [];
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const { loss, gradients } = await gradientAt(weights);
    losses.push(finiteLoss(loss));
    weights = applySgdStep(weights, gradients, options.learningRate);
  }
  losses.push(finiteLoss((await gradientAt(weights)).loss));
  return { local: weights, losses };
}

/** local − global, every parameter flattened and concatenated in `parameterNames` order. */
export function flatDelta(local: MlpWeights, global: MlpWeights): Float32Array {
  const names = parameterNames(global.shape);
  const delta = new Float32Array(names.reduce((n, name) => n + global[name].length, 0));
  let offset = 0;
  for (const name of names) {
    const [l, g] = [local[name], global[name]];
    for (let i = 0; i < g.length; i++) delta[offset + i] = l[i]! - g[i]!;
    offset += g.length;
  }
  return delta;
}

/** (x − mean) / std per feature, row-major, as float32: the federation's shared standardization, not this node's own. */
export function standardizeRows(features: ArrayLike<number>, stats: { mean: ArrayLike<number>; std: ArrayLike<number> }): Float32Array {
  const width = stats.mean.length;
  if (width === 0 || features.length % width !== 0) {
    throw new ValidationError('RUNNER.FEDERATION_SCHEMA_MISMATCH', `the private rows have no whole rows of ${width} features`, { width });
  }
  return Float32Array.from(features, (value, i) => (value - stats.mean[i % width]!) / stats.std[i % width]!);
}

function finiteLoss(loss: number): number {
  if (!Number.isFinite(loss)) throw new ValidationError('RUNNER.LOCAL_TRAINING_DIVERGED', 'the local training loss is not finite: no update is sent');
  return loss;
}
