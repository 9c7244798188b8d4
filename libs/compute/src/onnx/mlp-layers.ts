import { assertShape, type MlpShape } from '../model/mlp-weights';
import type { GraphBuilder } from './graph-builder';

/** Name of the symbolic batch dimension in every built-in graph. */
export const BATCH = 'N';

/** Names of the first-layer values, for graphs that need the pre-activation (backward pass). */
export interface HiddenLayer {
  readonly preActivation: string;
  readonly activation: string;
}

/** Declares `x` [N, inputs] as a float graph input. */
export function declareFeatures(graph: GraphBuilder, shape: MlpShape): string {
  assertShape(shape);
  return graph.input('x', 'float', [BATCH, shape.inputs]);
}

/** Declares W1, b1 as graph inputs. */
export function declareFirstLayer(graph: GraphBuilder, shape: MlpShape): { W1: string; b1: string } {
  return {
    W1: graph.input('W1', 'float', [shape.inputs, shape.hidden]),
    b1: graph.input('b1', 'float', [shape.hidden]),
  };
}

/** Declares W2, b2 as graph inputs. */
export function declareSecondLayer(graph: GraphBuilder, shape: MlpShape): { W2: string; b2: string } {
  return {
    W2: graph.input('W2', 'float', [shape.hidden, shape.classes]),
    b2: graph.input('b2', 'float', [shape.classes]),
  };
}

/** ReLU(x·W1 + b1); the activation gets `activationName`. */
export function hiddenLayer(
  graph: GraphBuilder,
  x: string,
  W1: string,
  b1: string,
  activationName: string,
): HiddenLayer {
  const preActivation = graph.op('Add', [graph.op('MatMul', [x, W1]), b1]);
  return { preActivation, activation: graph.op('Relu', [preActivation], {}, activationName) };
}
