import type { StandardizationStats } from '../datasets/statistics';
import { objectiveOf, parameterDims, parameterNames, type MlpWeights } from '../model/mlp-weights';
import { forwardOutputName } from './mlp-forward';
import { GraphBuilder } from './graph-builder';
import { BATCH, declareFeatures, hiddenStack, outputLayer } from './mlp-layers';

/** What a trained model's metadata tells whoever runs it. */
export interface TrainedModelInfo {
  readonly featureNames: readonly string[];
  /** Classification: the class of each probability column, in order. */
  readonly classNames?: readonly string[];
  /** Regression: the column the prediction estimates. */
  readonly targetName?: string;
  /** The standardization of the training split, when the weights do not carry it themselves. */
  readonly standardization?: StandardizationStats;
  /** Free-form provenance, e.g. the training job's id. */
  readonly source?: string;
}

/**
 * A self-contained inference model of trained weights, for onnxruntime anywhere: the weights and
 * the training split's feature standardization are initializers, so it reads raw features.
 *
 * Input `x` [N, features] float32. Output `probabilities` [N, classes] (softmax) for a
 * classifier, `prediction` [N, 1] for a regressor. metadata_props: `corex.objective`,
 * `corex.feature_names` and `corex.class_names` (JSON arrays), `corex.target_name`,
 * `corex.source`.
 */
export function buildTrainedModel(weights: MlpWeights, info: TrainedModelInfo): Uint8Array {
  const { shape } = weights;
  const graph = new GraphBuilder('corex_trained_mlp');
  const x = declareFeatures(graph, shape);
  const dims = parameterDims(shape);
  for (const name of parameterNames(shape)) graph.floatTensor(name, weights[name], dims[name]);
  const stats = weights.standardization ?? info.standardization;
  const input = stats
    ? graph.op('Div', [graph.op('Sub', [x, graph.floatTensor('feature_mean', stats.mean, [shape.inputs])]), graph.floatTensor('feature_std', stats.std, [shape.inputs])])
    : x;
  const activation = hiddenStack(graph, input, shape, 'hidden').at(-1)!.activation;
  const output = forwardOutputName(shape);
  if (output === 'prediction') {
    outputLayer(graph, activation, shape, output);
    graph.output(output, 'float', [BATCH, 1]);
  } else {
    graph.op('Softmax', [outputLayer(graph, activation, shape)], { axis: 1 }, output);
    graph.output(output, 'float', [BATCH, shape.classes]);
  }
  graph.addMetadata('corex.objective', objectiveOf(shape));
  graph.addMetadata('corex.feature_names', JSON.stringify(info.featureNames));
  if (info.classNames?.length) graph.addMetadata('corex.class_names', JSON.stringify(info.classNames));
  if (info.targetName) graph.addMetadata('corex.target_name', info.targetName);
  graph.addMetadata('corex.standardized', stats ? 'true' : 'false');
  if (info.source) graph.addMetadata('corex.source', info.source);
  return graph.toBytes();
}
