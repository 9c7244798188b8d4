import type { MlpShape } from '../model/mlp-weights';
import { GraphBuilder } from './graph-builder';
import { BATCH, declareFeatures, declareFirstLayer, declareSecondLayer, hiddenLayer } from './mlp-layers';

/**
 * Training graph of the two-layer perceptron: the forward pass, the mean softmax cross-entropy
 * and an explicit backward pass, in standard opset-13 operators (no training extensions).
 *
 * Inputs: `x` [N, inputs], `y` [N] int64 class indices, `W1`, `b1`, `W2`, `b2`.
 * Outputs: `loss` (scalar) and `dW1`, `db1`, `dW2`, `db2`, each shaped like its parameter.
 * Gradients are means over the batch, so fragments of equal size can be averaged.
 */
export function buildMlpGradient(shape: MlpShape): Uint8Array {
  const graph = new GraphBuilder('mlp_gradient');
  const x = declareFeatures(graph, shape);
  const y = graph.input('y', 'int64', [BATCH]);
  const { W1, b1 } = declareFirstLayer(graph, shape);
  const { W2, b2 } = declareSecondLayer(graph, shape);

  const layer = hiddenLayer(graph, x, W1, b1, 'hidden');
  const logits = graph.op('Add', [graph.op('MatMul', [layer.activation, W2]), b2]);
  const target = oneHot(graph, y, shape.classes);
  meanCrossEntropy(graph, logits, target, 'loss');

  // d(loss)/d(logits) of mean softmax cross-entropy is (softmax - one_hot) / N.
  const batchSize = batchSizeAsFloat(graph, x);
  const softmax = graph.op('Softmax', [logits], { axis: 1 });
  const dLogits = graph.op('Div', [graph.op('Sub', [softmax, target]), batchSize]);
  const sumOverBatch = graph.int64Constant('batch_axis', [0]);

  graph.op('MatMul', [transpose(graph, layer.activation), dLogits], {}, 'dW2');
  graph.op('ReduceSum', [dLogits, sumOverBatch], { keepdims: 0 }, 'db2');
  const dHidden = graph.op('MatMul', [dLogits, transpose(graph, W2)]);
  const isActive = graph.op('Greater', [layer.preActivation, graph.floatConstant('zero', [0], [])]);
  const reluMask = graph.cast(isActive, 'float');
  const dPreActivation = graph.op('Mul', [dHidden, reluMask]);
  graph.op('MatMul', [transpose(graph, x), dPreActivation], {}, 'dW1');
  graph.op('ReduceSum', [dPreActivation, sumOverBatch], { keepdims: 0 }, 'db1');

  graph.output('loss', 'float', []);
  graph.output('dW1', 'float', [shape.inputs, shape.hidden]);
  graph.output('db1', 'float', [shape.hidden]);
  graph.output('dW2', 'float', [shape.hidden, shape.classes]);
  graph.output('db2', 'float', [shape.classes]);
  return graph.toBytes();
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
