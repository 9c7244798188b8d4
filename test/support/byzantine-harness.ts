import {
  accuracy,
  buildMlpForward,
  buildMlpGradient,
  computeGradients,
  findModel,
  initMlpWeights,
  loadDataset,
  openSession,
  parameterNames,
  predictClasses,
  weightsOf,
  weightTensors,
  featureTensor,
  type ComputeSession,
  type Dataset,
  type MlpShape,
  type MlpWeights,
} from '@corex/compute';
import type { AggregationRule } from '@corex/events';
import { trainingParams } from '@corex/scheduler-domain';
import { aggregateUpdates, byzantine, sgdStep, type Update } from '@corex/training-domain';
import { standardized } from '../../apps/scheduler/src/planning/job-data';
import { trainingShape } from '../../apps/scheduler/src/planning/mlp-networks';

/** The attacks of the Byzantine evidence: none (clean), sign flip, ×100, "a little is enough". */
export const attacks = ['none', 'sign-flip', 'scale-100', 'little-is-enough'] as const;
export type Attack = (typeof attacks)[number];

/**
 * In-process data-parallel training exactly as the scheduler plans it (penguins standardized on the
 * job's split, the dataset-sized MLP, the training split in even contiguous shards), each shard's
 * gradient computed by onnxruntime, the step's updates combined by @corex/training-domain.
 */
export interface Harness {
  readonly shape: MlpShape;
  readonly shards: readonly Dataset[];
  /** The whole training split (the shards joined), for the single-process reference. */
  readonly train: Dataset;
  readonly heldOut: Dataset;
  readonly seed: number;
  gradient(weights: MlpWeights, shard: Dataset): Promise<{ loss: number; vector: Float32Array }>;
  heldOutAccuracy(weights: MlpWeights): Promise<number>;
  release(): Promise<void>;
}

export async function openHarness(shardCount: number, params: Record<string, unknown> = {}): Promise<Harness> {
  const training = trainingParams(params);
  const dataset = loadDataset('penguins');
  const { train, heldOut } = standardized(dataset, training.seed, training.heldOutFraction);
  const shape = trainingShape(findModel('mlp')!, dataset, training);
  const gradientSession = await openSession(buildMlpGradient(shape));
  const forwardSession = await openSession(buildMlpForward(shape));
  return {
    shape,
    train,
    heldOut,
    seed: training.seed,
    shards: evenShards(train.rows, shardCount).map((range) => rowsOf(train, range)),
    async gradient(weights, shard) {
      const { loss, gradients } = await computeGradients(gradientSession, weights, shard);
      return { loss, vector: flatten(parameterNames(shape).map((name) => gradients[name])) };
    },
    heldOutAccuracy: (weights) => heldOutAccuracy(forwardSession, weights, heldOut),
    async release() {
      await gradientSession.release();
      await forwardSession.release();
    },
  };
}

/** One training run's figures. */
export interface RunResult {
  readonly accuracy: number;
  readonly loss: number;
  /** Per step: updates the rule rejected, and how many of them were Byzantine. */
  readonly rejected: readonly number[];
  readonly byzantineRejected: readonly number[];
}

export interface RunOptions {
  rule: AggregationRule;
  attack: Attack;
  /** Indices of the shards whose updates the attacker replaces. */
  byzantine: readonly number[];
  steps: number;
  learningRate: number;
}

/** Full-batch data-parallel SGD from the job's seeded weights, with the attacker's updates swapped in each step. */
export async function trainUnderAttack(h: Harness, options: RunOptions): Promise<RunResult> {
  const names = parameterNames(h.shape);
  let weights = initMlpWeights(h.shape, h.seed);
  let params = flatten(names.map((name) => weights[name]));
  const rejected: number[] = [];
  const byzantineRejected: number[] = [];
  let loss = NaN;
  for (let step = 0; step < options.steps; step++) {
    const results = [];
    for (const shard of h.shards) results.push(await h.gradient(weights, shard));
    loss = results.reduce((sum, r, i) => sum + r.loss * h.shards[i].rows, 0) / h.shards.reduce((n, s) => n + s.rows, 0);
    const updates = forge(results.map((r, i) => ({ vector: r.vector, weight: h.shards[i].rows })), options);
    const outcome = aggregateUpdates(updates, { rule: options.rule });
    rejected.push(outcome.rejected.length);
    byzantineRejected.push(outcome.rejected.filter((r) => options.byzantine.includes(r.index)).length);
    params = sgdStep(params, outcome.aggregate, options.learningRate);
    weights = unflattenWeights(h.shape, params);
  }
  return { accuracy: await h.heldOutAccuracy(weights), loss, rejected, byzantineRejected };
}

/** The step's updates with the attacker's shards replaced (ALIE from the honest updates, as in Baruch et al.). */
export function forge(updates: readonly Update[], { attack, byzantine: bad }: Pick<RunOptions, 'attack' | 'byzantine'>): Update[] {
  if (attack === 'none') return [...updates];
  const honest = updates.filter((_, i) => !bad.includes(i)).map((u) => u.vector);
  const alie = attack === 'little-is-enough' ? byzantine.littleIsEnough(honest, updates.length, bad.length) : undefined;
  return updates.map((u, i) => {
    if (!bad.includes(i)) return u;
    const vector = attack === 'sign-flip' ? byzantine.signFlip(u.vector) : attack === 'scale-100' ? byzantine.scale(u.vector, 100) : alie!;
    return { vector, weight: u.weight };
  });
}

async function heldOutAccuracy(forward: ComputeSession, weights: MlpWeights, heldOut: Dataset): Promise<number> {
  const outputs = await forward.run({ x: featureTensor(heldOut), ...weightTensors(weights) });
  return accuracy(predictClasses(outputs['probabilities']!.data as Float32Array, weights.shape.classes), heldOut.labels);
}

/** `count` contiguous ranges differing by at most one row (the scheduler's training shards). */
export function evenShards(rows: number, count: number): [number, number][] {
  const bound = (i: number) => Math.floor((i * rows) / count);
  return Array.from({ length: count }, (_, i) => [bound(i), bound(i + 1)]);
}

function rowsOf(d: Dataset, [start, end]: [number, number]): Dataset {
  const width = d.featureNames.length;
  return { ...d, rows: end - start, features: d.features.slice(start * width, end * width), labels: d.labels.slice(start, end) };
}

export function flatten(arrays: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(arrays.reduce((n, a) => n + a.length, 0));
  arrays.reduce((offset, a) => (out.set(a, offset), offset + a.length), 0);
  return out;
}

export function unflattenWeights(shape: MlpShape, params: Float32Array): MlpWeights {
  const template = initMlpWeights(shape, 0);
  let offset = 0;
  return weightsOf(shape, parameterNames(shape).map((name) => params.slice(offset, (offset += template[name].length))));
}
