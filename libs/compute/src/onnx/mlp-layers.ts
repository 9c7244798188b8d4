import { assertShape, hiddenLayersOf, parameterDims, parameterNames, type MlpShape, type ParameterName } from '../model/mlp-weights';
import type { GraphBuilder } from './graph-builder';

/** Name of the symbolic batch dimension in every built-in graph. */
export const BATCH = 'N';

/** Names of a hidden layer's values, for graphs that need the pre-activation (backward pass). */
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

/** Declares every parameter (W1, b1, …, W_{L+1}, b_{L+1}) as a graph input; returns their names. */
export function declareParameters(graph: GraphBuilder, shape: MlpShape): ParameterName[] {
  const dims = parameterDims(shape);
  return parameterNames(shape).map((name) => graph.input(name, 'float', dims[name]) as ParameterName);
}

/** ReLU(x·W + b); the activation gets `activationName`, or a fresh name. */
export function hiddenLayer(graph: GraphBuilder, x: string, W: string, b: string, activationName?: string): HiddenLayer {
  const preActivation = graph.op('Add', [graph.op('MatMul', [x, W]), b]);
  return { preActivation, activation: graph.op('Relu', [preActivation], {}, activationName) };
}

/** The hidden layers of a shape on `x`; the last activation is named `lastName`. */
export function hiddenStack(graph: GraphBuilder, x: string, shape: MlpShape, lastName: string): HiddenLayer[] {
  const layers: HiddenLayer[] = [];
  const count = hiddenLayersOf(shape);
  for (let k = 1; k <= count; k++) {
    const input = k === 1 ? x : layers[k - 2]!.activation;
    layers.push(hiddenLayer(graph, input, `W${k}`, `b${k}`, k === count ? lastName : undefined));
  }
  return layers;
}

/** The output layer: last activation · W_{L+1} + b_{L+1} (logits, or the regression prediction). */
export function outputLayer(graph: GraphBuilder, activation: string, shape: MlpShape, name?: string): string {
  const k = hiddenLayersOf(shape) + 1;
  return graph.op('Add', [graph.op('MatMul', [activation, `W${k}`]), `b${k}`], {}, name);
}
