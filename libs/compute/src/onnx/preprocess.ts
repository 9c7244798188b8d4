import { GraphBuilder } from './graph-builder';
import { BATCH } from './mlp-layers';

/** The preprocessing transforms available as graphs. */
export const preprocessOperations = ['standardize', 'min-max', 'gaussian-noise'] as const;
export type PreprocessOperation = (typeof preprocessOperations)[number];

// Keeps a constant feature (max = min) at 0 instead of dividing by zero.
const SMALLEST_RANGE = 1e-12;

type Transform = (graph: GraphBuilder, x: string, features: number) => void;

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
};

/**
 * Preprocessing graph over `x` [N, features] float, producing `y` of the same shape.
 *
 * - `standardize`: inputs `mean`, `std` [features]; y = (x - mean) / std.
 * - `min-max`: inputs `min`, `max` [features]; y = (x - min) / max(max - min, 1e-12).
 * - `gaussian-noise`: inputs `noise` [N, features] and `sigma` (scalar); y = x + sigma · noise.
 *   The noise is passed in rather than drawn by RandomNormal, whose output depends on the
 *   runtime: with a seeded tensor (see `gaussianNoise`) any node can replay the augmentation.
 */
export function buildPreprocess(operation: PreprocessOperation, features: number): Uint8Array {
  if (!Number.isInteger(features) || features <= 0) {
    throw new RangeError(`features must be a positive integer, got ${features}`);
  }
  const graph = new GraphBuilder(`preprocess_${operation}`);
  const x = graph.input('x', 'float', [BATCH, features]);
  transforms[operation](graph, x, features);
  graph.output('y', 'float', [BATCH, features]);
  return graph.toBytes();
}
