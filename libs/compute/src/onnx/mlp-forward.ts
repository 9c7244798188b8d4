import type { MlpShape } from '../model/mlp-weights';
import { GraphBuilder } from './graph-builder';
import { BATCH, declareFeatures, declareFirstLayer, declareSecondLayer, hiddenLayer } from './mlp-layers';

/**
 * Inference graph of the two-layer perceptron.
 *
 * Inputs: `x` [N, inputs] and the weights `W1` [inputs, hidden], `b1` [hidden],
 * `W2` [hidden, classes], `b2` [classes]. The weights are graph inputs, not initializers, so one
 * graph per architecture serves every set of weights a training job produces.
 * Outputs: `logits` [N, classes], `probabilities` (softmax of the logits), `hidden` [N, hidden]
 * (the ReLU activations).
 */
export function buildMlpForward(shape: MlpShape): Uint8Array {
  const graph = new GraphBuilder('mlp_forward');
  const x = declareFeatures(graph, shape);
  const { W1, b1 } = declareFirstLayer(graph, shape);
  const { W2, b2 } = declareSecondLayer(graph, shape);
  const { activation } = hiddenLayer(graph, x, W1, b1, 'hidden');
  const logits = graph.op('Add', [graph.op('MatMul', [activation, W2]), b2], {}, 'logits');
  graph.op('Softmax', [logits], { axis: 1 }, 'probabilities');
  graph.output('logits', 'float', [BATCH, shape.classes]);
  graph.output('probabilities', 'float', [BATCH, shape.classes]);
  graph.output('hidden', 'float', [BATCH, shape.hidden]);
  return graph.toBytes();
}

/**
 * Feature-extraction graph: `x`, `W1`, `b1` in, `embeddings` = ReLU(x·W1 + b1) [N, hidden] out.
 * Uses only the first layer, so it runs with the first half of any trained weights.
 */
export function buildFeatureExtractor(shape: MlpShape): Uint8Array {
  const graph = new GraphBuilder('mlp_feature_extractor');
  const x = declareFeatures(graph, shape);
  const { W1, b1 } = declareFirstLayer(graph, shape);
  hiddenLayer(graph, x, W1, b1, 'embeddings');
  graph.output('embeddings', 'float', [BATCH, shape.hidden]);
  return graph.toBytes();
}
