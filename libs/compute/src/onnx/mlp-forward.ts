import { objectiveOf, type MlpShape } from '../model/mlp-weights';
import { GraphBuilder } from './graph-builder';
import { BATCH, declareFeatures, declareFirstLayer, declareParameters, hiddenLayer, hiddenStack, outputLayer } from './mlp-layers';

/** The output a forward graph of this shape answers with: `probabilities` (classification) or `prediction` (regression). */
export function forwardOutputName(shape: MlpShape): 'probabilities' | 'prediction' {
  return objectiveOf(shape) === 'regression' ? 'prediction' : 'probabilities';
}

/**
 * Inference graph of the perceptron.
 *
 * Inputs: `x` [N, inputs] and the weights W1, b1, …, W_{L+1}, b_{L+1}. The weights are graph
 * inputs, not initializers, so one graph per architecture serves every set of weights a
 * training job produces.
 * Outputs of a classifier: `logits` [N, classes], `probabilities` (softmax of the logits); of a
 * regressor: `prediction` [N, 1]; of both: `hidden` [N, hidden] (the last ReLU activations).
 */
export function buildMlpForward(shape: MlpShape): Uint8Array {
  const graph = new GraphBuilder('mlp_forward');
  const x = declareFeatures(graph, shape);
  declareParameters(graph, shape);
  const layers = hiddenStack(graph, x, shape, 'hidden');
  const activation = layers.at(-1)!.activation;
  if (objectiveOf(shape) === 'regression') {
    outputLayer(graph, activation, shape, 'prediction');
    graph.output('prediction', 'float', [BATCH, 1]);
  } else {
    const logits = outputLayer(graph, activation, shape, 'logits');
    graph.op('Softmax', [logits], { axis: 1 }, 'probabilities');
    graph.output('logits', 'float', [BATCH, shape.classes]);
    graph.output('probabilities', 'float', [BATCH, shape.classes]);
  }
  graph.output('hidden', 'float', [BATCH, shape.hidden]);
  return graph.toBytes();
}

/**
 * Feature-extraction graph: `x`, `W1`, `b1` in, `embeddings` = ReLU(x·W1 + b1) [N, hidden] out.
 * Uses only the first layer, so it runs with the first layer of any trained weights.
 */
export function buildFeatureExtractor(shape: MlpShape): Uint8Array {
  const graph = new GraphBuilder('mlp_feature_extractor');
  const x = declareFeatures(graph, shape);
  const { W1, b1 } = declareFirstLayer(graph, shape);
  hiddenLayer(graph, x, W1, b1, 'embeddings');
  graph.output('embeddings', 'float', [BATCH, shape.hidden]);
  return graph.toBytes();
}
