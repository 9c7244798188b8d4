import { GraphBuilder } from './graph-builder';
import { BATCH } from './mlp-layers';

/** The preprocessing transforms available as graphs. */
export const preprocessOperations = ['standardize', 'min-max', 'gaussian-noise', 'select-columns', 'image-augment'] as const;
export type PreprocessOperation = (typeof preprocessOperations)[number];

/** Operations whose aux feeds are statistics of the whole dataset: their jobs compute those first (a statistics step). */
export const statisticsOperations: readonly PreprocessOperation[] = ['standardize', 'min-max'];

// Keeps a constant feature (max = min) at 0 instead of dividing by zero.
const SMALLEST_RANGE = 1e-12;

type Transform = (graph: GraphBuilder, x: string, features: number, outputs: number) => void;

const transforms: Record<PreprocessOperation, Transform> = {
  standardize: (graph, x, features) => {
    const mean = graph.input('mean', 'float', [features]);
    const std = graph.input('std', 'float', [features]);
    graph.op('Div', [graph.op('Sub', [x, mean]), std], {}, 'y');
  },
  'min-max': (graph, x, features) => {
    const min = graph.input('min', 'float', [features]);
    const max = graph.input('max', 'float', [features]);
    const smallest = graph.floatConstant('smallest_range', [SMALLEST_RANGE], []);
    const range = graph.op('Max', [graph.op('Sub', [max, min]), smallest]);
    graph.op('Div', [graph.op('Sub', [x, min]), range], {}, 'y');
  },
  'gaussian-noise': (graph, x, features) => {
    const noise = graph.input('noise', 'float', [BATCH, features]);
    const sigma = graph.input('sigma', 'float', []);
    graph.op('Add', [x, graph.op('Mul', [noise, sigma])], {}, 'y');
  },
  'select-columns': (graph, x, _features, outputs) => {
    const columns = graph.input('columns', 'int64', [outputs]);
    graph.op('Gather', [x, columns], { axis: 1 }, 'y');
  },
  'image-augment': (graph, x, features) => {
    const source = graph.input('source', 'int64', [BATCH, features]);
    const mask = graph.input('mask', 'float', [BATCH, features]);
    graph.op('Mul', [graph.op('GatherElements', [x, source], { axis: 1 }), mask], {}, 'y');
  },
};

/**
 * Preprocessing graph over `x` [N, features] float, producing `y` [N, outputs] (outputs =
 * features unless the operation selects columns).
 *
 * - `standardize`: inputs `mean`, `std` [features]; y = (x - mean) / std.
 * - `min-max`: inputs `min`, `max` [features]; y = (x - min) / max(max - min, 1e-12).
 * - `gaussian-noise`: inputs `noise` [N, features] and `sigma` (scalar); y = x + sigma · noise.
 *   The noise is passed in rather than drawn by RandomNormal, whose output depends on the
 *   runtime: with a seeded tensor (see `gaussianNoise`) any node can replay the augmentation.
 * - `select-columns`: input `columns` int64 [outputs]; y = x[:, columns].
 * - `image-augment`: inputs `source` int64 and `mask` float, both [N, features]; y[n, j] =
 *   x[n, source[n, j]] · mask[n, j]: any per-row pixel permutation with zero fill (flips, shifts),
 *   drawn from a seed by `imageAugmentation`, so that it too replays exactly.
 */
export function buildPreprocess(operation: PreprocessOperation, features: number, outputs = features): Uint8Array {
  for (const [name, value] of [['features', features], ['outputs', outputs]] as const) {
    if (!Number.isInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
  const graph = new GraphBuilder(`preprocess_${operation}`);
  const x = graph.input('x', 'float', [BATCH, features]);
  transforms[operation](graph, x, features, outputs);
  graph.output('y', 'float', [BATCH, operation === 'select-columns' ? outputs : features]);
  return graph.toBytes();
}
