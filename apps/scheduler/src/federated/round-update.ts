import {
  accuracy,
  deserializeMlpWeights,
  featureTensor,
  parameterNames,
  predictClasses,
  serializeMlpWeights,
  weightsOf,
  weightTensors,
  type ComputeSession,
  type Dataset,
  type MlpWeights,
} from '@corex/compute';
import { SECAGG_SCALE } from '@corex/secure-aggregation';

/** How much the validation loss may grow over the parent's before a round's weights are refused. */
export const LOSS_TOLERANCE = 1.05;

export interface RoundUpdate {
  weightsBytes: Uint8Array;
  /** False: out of the norm bound, or worse on the validation set than the parent allows; weightsBytes are then the parent's. */
  accepted: boolean;
  validationLoss: number;
  accuracy: number;
  /** ‖Σ rows·clip(delta)‖ / Σ rows, and the bound it had to stay under. */
  norm: number;
  bound: number;
}

/**
 * FedAvg on the securely aggregated sum: new = global + weightedSum / totalRows. Accepted only if
 * the sum is within the clipping bound (each member's contribution is at most rows·clipNorm, so
 * the sum at most totalRows·clipNorm, plus quantization) and the validation loss is finite and at
 * most the parent's × LOSS_TOLERANCE (no parent: finite).
 */
export async function applyRound(
  globalBytes: Uint8Array,
  sum: { weightedSum: Float32Array; totalRows: number },
  input: { clipNorm: number; members: number; parentLoss: number | null; validation: Dataset; forward: ComputeSession },
): Promise<RoundUpdate> {
  const global = deserializeMlpWeights(globalBytes);
  const names = parameterNames(global.shape);
  const params = flatten(names.map((name) => global[name]));
  if (sum.weightedSum.length !== params.length) throw new Error(`the aggregate holds ${sum.weightedSum.length} values, the model ${params.length}`);
  const norm = l2(sum.weightedSum) / sum.totalRows;
  const slack = (input.members * Math.sqrt(params.length)) / SECAGG_SCALE / sum.totalRows;
  const bound = input.clipNorm * (1 + 1e-6) + slack;
  const next = params.map((v, i) => v + sum.weightedSum[i]! / sum.totalRows);
  const candidate = weightsOf(global.shape, split(next, names.map((name) => global[name].length)), global.standardization);
  const evaluated = await evaluate(candidate, input.validation, input.forward);
  const accepted = norm <= bound && Number.isFinite(evaluated.loss) && (input.parentLoss === null || evaluated.loss <= input.parentLoss * LOSS_TOLERANCE);
  if (accepted) return { weightsBytes: serializeMlpWeights(candidate), accepted, ...evaluated, norm, bound };
  return { weightsBytes: globalBytes, accepted, ...(await evaluate(global, input.validation, input.forward)), norm, bound };
}

/** Cross-entropy and accuracy of weights on the (standardized) validation set. */
export async function evaluate(weights: MlpWeights, validation: Dataset, forward: ComputeSession): Promise<{ validationLoss: number; accuracy: number; loss: number }> {
  const outputs = await forward.run({ x: featureTensor(validation), ...weightTensors(weights) });
  const probabilities = outputs['probabilities']!.data as Float32Array;
  const classes = weights.shape.classes;
  let total = 0;
  for (let row = 0; row < validation.rows; row++) total -= Math.log(Math.max(probabilities[row * classes + validation.labels[row]!]!, 1e-12));
  const loss = total / validation.rows;
  return { validationLoss: loss, loss, accuracy: accuracy(predictClasses(probabilities, classes), validation.labels) };
}

function flatten(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

function split(values: Float32Array, lengths: readonly number[]): Float32Array[] {
  let offset = 0;
  return lengths.map((n) => values.slice(offset, (offset += n)));
}

function l2(v: Float32Array): number {
  let s = 0;
  for (const x of v) s += x * x;
  return Math.sqrt(s);
}
