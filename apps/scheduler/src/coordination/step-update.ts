import { decodeTensorMap, encodeTensorMap } from '@corex/compute';
import type { AggregationRule } from '@corex/events';
import { adamStep, aggregateUpdates, initialAdamState, sgdStep, type AdamState, type Rejection, type Update } from '@corex/training-domain';

/** How one training step turns the fragments' gradients into new parameters. */
export interface StepUpdateConfig {
  readonly optimizer: 'sgd' | 'adam';
  readonly learningRate: number;
  readonly aggregation: { readonly rule: AggregationRule; readonly byzantineFraction?: number; readonly clipNorm?: number };
}

export interface StepUpdate {
  readonly params: Float32Array;
  /** Adam's moments after the step (absent for SGD). */
  readonly adam?: AdamState;
  /** The rule's rejections, by index into the updates. */
  readonly rejected: readonly Rejection[];
}

/**
 * Aggregates the updates (one per fragment: its flattened gradient, weighted by its rows) with the
 * job's rule, then one optimizer step on the flattened parameters. `adam` is the state the previous
 * step left (null: fresh moments).
 */
export function updateParameters(params: Float32Array, updates: readonly Update[], config: StepUpdateConfig, adam: AdamState | null): StepUpdate {
  const { aggregate, rejected } = aggregateUpdates(updates, config.aggregation);
  if (config.optimizer === 'sgd') return { params: sgdStep(params, aggregate, config.learningRate), rejected };
  const stepped = adamStep(params, aggregate, adam ?? initialAdamState(params.length), { learningRate: config.learningRate });
  return { params: stepped.params, adam: stepped.state, rejected };
}

/** Concatenates parameter (or gradient) arrays in the given order. */
export function flatten(arrays: readonly ArrayLike<number>[]): Float32Array {
  const out = new Float32Array(arrays.reduce((sum, a) => sum + a.length, 0));
  let offset = 0;
  for (const a of arrays) {
    out.set(a, offset);
    offset += a.length;
  }
  return out;
}

/** Splits a flattened vector back into arrays of the given lengths. */
export function unflatten(vector: Float32Array, lengths: readonly number[]): Float32Array[] {
  let offset = 0;
  return lengths.map((length) => vector.slice(offset, (offset += length)));
}

/** Adam's state as a tensor-map blob (m, v, t): the same state always gives the same bytes, hence the same hash. */
export function encodeAdamState(state: AdamState): Uint8Array {
  return encodeTensorMap({
    m: { data: state.m, dims: [state.m.length] },
    v: { data: state.v, dims: [state.v.length] },
    t: { data: Float32Array.of(state.t), dims: [1] },
  });
}

export function decodeAdamState(bytes: Uint8Array): AdamState {
  const map = decodeTensorMap(bytes);
  return { m: map['m']!.data as Float32Array, v: map['v']!.data as Float32Array, t: Number(map['t']!.data[0]) };
}
