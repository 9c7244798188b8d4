import { GraphBuilder } from './graph-builder';
import { BATCH } from './mlp-layers';

/** Outputs of the statistics graph, in the order a task lists them. */
export const statisticsOutputs = ['count', 'sum', 'm2', 'min', 'max'] as const;

/**
 * Per-feature statistics of the rows `x` [N, features] float: `count` [1] (N), `sum`, `m2` (the
 * sum of squared deviations from these rows' own mean, which merges without cancellation: see
 * mergeMoments), `min` and `max`, each [features]. Fragments of a dataset run it on their rows
 * and the scheduler merges the parts into the whole dataset's statistics.
 */
export function buildStatistics(features: number): Uint8Array {
  if (!Number.isInteger(features) || features <= 0) {
    throw new RangeError(`features must be a positive integer, got ${features}`);
  }
  const graph = new GraphBuilder('statistics');
  const x = graph.input('x', 'float', [BATCH, features]);
  const rowsAxis = graph.int64Constant('rows_axis', [0]);
  const rows = graph.op('Slice', [graph.op('Shape', [x]), graph.int64Constant('first', [0]), graph.int64Constant('second', [1])]);
  const count = graph.op('Cast', [rows], { to: 1 }, 'count');
  const sum = graph.op('ReduceSum', [x, rowsAxis], { keepdims: 0 }, 'sum');
  const deviation = graph.op('Sub', [x, graph.op('Div', [sum, count])]);
  graph.op('ReduceSum', [graph.op('Mul', [deviation, deviation]), rowsAxis], { keepdims: 0 }, 'm2');
  graph.op('ReduceMin', [x], { axes: [0], keepdims: 0 }, 'min');
  graph.op('ReduceMax', [x], { axes: [0], keepdims: 0 }, 'max');
  graph.output('count', 'float', [1]);
  for (const name of ['sum', 'm2', 'min', 'max']) graph.output(name, 'float', [features]);
  return graph.toBytes();
}
