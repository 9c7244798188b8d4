import { deserializeMlpWeights, mlpShape, parameterNames, type CatalogModel, type Dataset, type MlpShape } from '@corex/compute';
import type { BlobStore } from '@corex/eventstore';
import { ValidationError } from '@corex/platform';
import type { TrainingParams } from '@corex/scheduler-domain';
import { standardized, standardizeWith } from './job-data';
import { pretrainedWeights } from './pretrained-weights';

/**
 * The network a training job trains: a catalog MLP's own architecture, or for the dataset-sized
 * `mlp` one built from the dataset (features in; its classes out, or one output when it has a
 * regression target) and the job's hiddenUnits / hiddenLayers.
 */
export function trainingShape(model: CatalogModel, dataset: Dataset, params: TrainingParams): MlpShape {
  if (model.architecture) return model.architecture;
  if (!model.sizing) throw new ValidationError('JOB.MODEL_TASK_UNSUPPORTED', `model ${model.id} does not support training jobs`);
  const regression = dataset.targets !== undefined;
  if (!regression && dataset.classNames.length < 2) {
    throw new ValidationError('JOB.DATASET_UNLABELLED', `training ${model.id} needs a dataset uploaded with label= (two classes at least) or target=`);
  }
  return mlpShape({
    inputs: dataset.featureNames.length,
    hidden: params.hiddenUnits,
    classes: regression ? 1 : dataset.classNames.length,
    hiddenLayers: params.hiddenLayers,
    objective: regression ? 'regression' : 'classification',
  });
}

/** What a gradient fragment returns: the loss and d<parameter> for every parameter. */
export function gradientOutputs(shape: MlpShape): string[] {
  return ['loss', ...parameterNames(shape).map((name) => `d${name}`)];
}

/** The weights an inference or feature-extraction job runs with, their network, and the rows as that network reads them. */
export interface ForwardWeights {
  weightsHash: string;
  shape: MlpShape;
  data: Dataset;
}

/**
 * `params.weights` (trained weights, which may carry their training split's standardization),
 * else the catalog model's pretrained weights. The data is standardized as the weights expect:
 * with the statistics they carry, else with the fixed split every catalog model uses.
 */
export async function forwardWeights(blobs: BlobStore, model: CatalogModel, weightsHash: string | undefined, dataset: Dataset): Promise<ForwardWeights> {
  if (weightsHash === undefined) {
    if (!model.architecture) {
      throw new ValidationError('JOB.WEIGHTS_REQUIRED', `model ${model.id} has no default weights: give params.weights, the weightsHash of one of your training jobs with it`);
    }
    return { weightsHash: await blobs.put(await pretrainedWeights(model)), shape: model.architecture, data: standardized(dataset).all };
  }
  const bytes = await blobs.get(weightsHash);
  if (!bytes) throw new ValidationError('JOB.WEIGHTS_UNKNOWN', `no stored weights ${weightsHash}`);
  const weights = deserializeMlpWeights(bytes);
  const features = dataset.featureNames.length;
  if (weights.shape.inputs !== features) {
    throw new ValidationError('JOB.MODEL_DATASET_MISMATCH', `the weights read ${weights.shape.inputs} features, the dataset has ${features}`, { inputs: weights.shape.inputs, features });
  }
  const data = weights.standardization ? standardizeWith(dataset, weights.standardization) : standardized(dataset).all;
  return { weightsHash, shape: weights.shape, data };
}
