import { hiddenLayersOf, objectiveOf, parameterDims, parameterNames, type MlpShape } from '../model/mlp-weights';
import { GraphBuilder } from './graph-builder';
import { BATCH, declareFeatures, declareParameters, hiddenStack, outputLayer, type HiddenLayer } from './mlp-layers';

/**
 * Training graph of the perceptron: the forward pass, the loss and an explicit backward pass, in
 * standard opset-13 operators (no training extensions).
 *
 * Inputs: `x` [N, inputs]; `y` [N] int64 class indices (classification) or `t` [N] float32
 * targets (regression); the parameters W1, b1, …, W_{L+1}, b_{L+1}.
 * Outputs: `loss` (scalar: mean softmax cross-entropy, or mean squared error) and one gradient
 * `dW1`, `db1`, … per parameter, shaped like it. Gradients are means over the batch, so
 * fragments can be averaged weighted by their rows.
 */
export function buildMlpGradient(shape: MlpShape): Uint8Array {
  const regression = objectiveOf(shape) === 'regression';
  const graph = new GraphBuilder('mlp_gradient');
  const x = declareFeatures(graph, shape);
  const labels = regression ? graph.input('t', 'float', [BATCH]) : graph.input('y', 'int64', [BATCH]);
  declareParameters(graph, shape);

  const layers = hiddenStack(graph, x, shape, 'hidden');
  const output = outputLayer(graph, layers.at(-1)!.activation, shape);
  const dOutput = regression ? squaredErrorHead(graph, output, labels, x) : crossEntropyHead(graph, output, labels, shape.classes, x);
  backward(graph, x, layers, dOutput, shape);

  graph.output('loss', 'float', []);
  const dims = parameterDims(shape);
  for (const name of parameterNames(shape)) graph.output(`d${name}`, 'float', dims[name]);
  return graph.toBytes();
}

/** Adds `loss` (mean softmax cross-entropy); returns d(loss)/d(logits) = (softmax - one_hot) / N. */
function crossEntropyHead(graph: GraphBuilder, logits: string, y: string, classes: number, x: string): string {
  const target = oneHot(graph, y, classes);
  meanCrossEntropy(graph, logits, target, 'loss');
  const batchSize = batchSizeAsFloat(graph, x);
  const softmax = graph.op('Softmax', [logits], { axis: 1 });
  return graph.op('Div', [graph.op('Sub', [softmax, target]), batchSize]);
}

/** Adds `loss` (mean of (prediction - t)²); returns d(loss)/d(prediction) = 2 (prediction - t) / N. */
function squaredErrorHead(graph: GraphBuilder, prediction: string, t: string, x: string): string {
  const column = graph.op('Unsqueeze', [t, graph.int64Constant('target_axis', [1])]);
  const error = graph.op('Sub', [prediction, column]);
  graph.op('ReduceMean', [graph.op('Mul', [error, error])], { keepdims: 0 }, 'loss');
  const batchSize = batchSizeAsFloat(graph, x);
  return graph.op('Div', [graph.op('Mul', [error, graph.floatConstant('two', [2], [])]), batchSize]);
}

/** Gradients of every parameter from the top down: dW_k = a_{k-1}ᵀ·dZ_k, db_k = Σ dZ_k, dZ_{k-1} = dZ_k·W_kᵀ ⊙ [z_{k-1} > 0]. */
function backward(graph: GraphBuilder, x: string, layers: readonly HiddenLayer[], dOutput: string, shape: MlpShape): void {
  const sumOverBatch = graph.int64Constant('batch_axis', [0]);
  let zero: string | undefined;
  let dZ = dOutput;
  for (let k = hiddenLayersOf(shape) + 1; k >= 1; k--) {
    const input = k === 1 ? x : layers[k - 2]!.activation;
    graph.op('MatMul', [transpose(graph, input), dZ], {}, `dW${k}`);
    graph.op('ReduceSum', [dZ, sumOverBatch], { keepdims: 0 }, `db${k}`);
    if (k === 1) break;
    const dActivation = graph.op('MatMul', [dZ, transpose(graph, `W${k}`)]);
    zero ??= graph.floatConstant('zero', [0], []);
    const isActive = graph.op('Greater', [layers[k - 2]!.preActivation, zero]);
    dZ = graph.op('Mul', [dActivation, graph.cast(isActive, 'float')]);
  }
}

function batchSizeAsFloat(graph: GraphBuilder, x: string): string {
  const rowsAxis = graph.int64Constant('rows_axis', [0], []);
  return graph.cast(graph.op('Gather', [graph.op('Shape', [x]), rowsAxis]), 'float');
}

function oneHot(graph: GraphBuilder, labels: string, classes: number): string {
  const depth = graph.int64Constant('classes', [classes], []);
  const offOn = graph.floatConstant('off_on', [0, 1]);
  return graph.op('OneHot', [labels, depth, offOn], { axis: -1 });
}

// LogSoftmax rather than Log(Softmax) so a confident wrong prediction cannot produce log(0).
function meanCrossEntropy(graph: GraphBuilder, logits: string, target: string, name: string): string {
  const logProbabilities = graph.op('LogSoftmax', [logits], { axis: 1 });
  const classAxis = graph.int64Constant('class_axis', [1]);
  const perRow = graph.op('ReduceSum', [graph.op('Mul', [target, logProbabilities]), classAxis], { keepdims: 0 });
  return graph.op('Neg', [graph.op('ReduceMean', [perRow], { keepdims: 0 })], {}, name);
}

function transpose(graph: GraphBuilder, matrix: string): string {
  return graph.op('Transpose', [matrix], { perm: [1, 0] });
}
