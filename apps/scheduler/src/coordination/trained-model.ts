import { buildTrainedModel, decodeTensorMap, deserializeMlpWeights, objectiveOf, trainedGraph } from '@corex/compute';
import type { PreparedJob } from '../planning/job-planner';

/**
 * The trained weights as a self-contained ONNX inference model (GET /v1/jobs/{id}/model): the
 * weights and the training split's standardization baked in, feature and class names in its
 * metadata. Deterministic, so a scheduler that finishes the job again stores the same blob.
 */
export async function trainedModelBytes(
  jobId: string,
  prepared: PreparedJob,
  weightsBytes: Uint8Array,
  blob: (hash: string) => Promise<Uint8Array | null>,
): Promise<Uint8Array> {
  if (prepared.trainable) {
    // An uploaded trainable graph: the customer's own graph, its parameters' initializers set to the trained values.
    const graph = await blob(prepared.trainable.graphHash);
    if (!graph) throw new Error(`graph ${prepared.trainable.graphHash} of job ${jobId} is missing`);
    return trainedGraph(graph, decodeTensorMap(weightsBytes));
  }
  const exported = prepared.exported!;
  const weights = deserializeMlpWeights(weightsBytes);
  const classification = objectiveOf(weights.shape) === 'classification';
  return buildTrainedModel(weights, {
    featureNames: exported.featureNames,
    ...(classification ? { classNames: prepared.classNames } : { targetName: exported.targetName }),
    standardization: exported.standardization,
    source: `corex training job ${jobId}`,
  });
}

/** What the model result document says about the model's inputs and outputs. */
export function modelDescription(prepared: PreparedJob) {
  if (prepared.trainable) {
    return { objective: prepared.classNames.length ? 'classification' : 'regression', parameters: prepared.trainable.parameters.map((p) => p.name), graph: 'uploaded' };
  }
  const regression = prepared.shape ? objectiveOf(prepared.shape) === 'regression' : false;
  return {
    objective: regression ? 'regression' : 'classification',
    featureNames: prepared.exported?.featureNames ?? [],
    ...(regression ? { targetName: prepared.exported?.targetName ?? null } : { classNames: prepared.classNames }),
    input: 'x',
    output: regression ? 'prediction' : 'probabilities',
  };
}
