import { buildTrainedModel, deserializeMlpWeights, objectiveOf } from '@corex/compute';
import type { PreparedJob } from '../planning/job-planner';

/**
 * The trained weights as a self-contained ONNX inference model (GET /v1/jobs/{id}/model): the
 * weights and the training split's standardization baked in, feature and class names in its
 * metadata. Deterministic, so a scheduler that finishes the job again stores the same blob.
 */
export function trainedModelBytes(jobId: string, prepared: PreparedJob, weightsBytes: Uint8Array): Uint8Array {
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
  const regression = prepared.shape ? objectiveOf(prepared.shape) === 'regression' : false;
  return {
    objective: regression ? 'regression' : 'classification',
    featureNames: prepared.exported?.featureNames ?? [],
    ...(regression ? { targetName: prepared.exported?.targetName ?? null } : { classNames: prepared.classNames }),
    input: 'x',
    output: regression ? 'prediction' : 'probabilities',
  };
}
