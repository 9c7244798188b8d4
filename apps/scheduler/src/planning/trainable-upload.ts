import { gradientName, readTrainableGraph, type Dataset, type TrainableGraph, type TrainableParameter } from '@corex/compute';
import type { ModelRegisteredData } from '@corex/events';
import type { BlobStore } from '@corex/eventstore';
import { NotFoundError, ValidationError } from '@corex/platform';

/** What the coordinator needs to aggregate and finish the training of an uploaded trainable graph. */
export interface TrainableJob {
  /** The uploaded graph (its initializers are the starting values; the trained model replaces them). */
  graphHash: string;
  /** The graph without the parameters' initializers, which the nodes and the evaluation run. */
  gradientHash: string;
  parameters: readonly TrainableParameter[];
  evaluation?: TrainableGraph['evaluation'];
}

/**
 * An uploaded model as a trainable graph (docs/trainable-models.md) whose answer input the
 * dataset can feed: `y` needs labels, `t` a regression target. Throws ValidationError
 * MODEL.NOT_TRAINABLE or JOB.MODEL_DATASET_MISMATCH.
 */
export async function trainableUpload(blobs: BlobStore, model: ModelRegisteredData, dataset: Dataset): Promise<TrainableGraph> {
  const bytes = await blobs.get(model.graphHash);
  if (!bytes) throw new NotFoundError('JOB.MODEL_BLOB_MISSING', `model ${model.modelId} has no stored graph`);
  const trainable = readTrainableGraph(bytes);
  const feeds = dataset.targets ? 't' : dataset.classNames.length ? 'y' : null;
  if (trainable.answer !== feeds) {
    const gives = feeds === 't' ? 'regression targets t' : feeds === 'y' ? 'class labels y' : 'neither labels nor a target';
    throw new ValidationError('JOB.MODEL_DATASET_MISMATCH', `model ${model.name} trains on input ${trainable.answer}; the dataset gives ${gives}`, {
      answer: trainable.answer,
    });
  }
  return trainable;
}

/** What a gradient fragment of a trainable graph returns: the loss and grad_<p> for every parameter. */
export function trainableOutputs(parameters: readonly TrainableParameter[]): string[] {
  return ['loss', ...parameters.map((p) => gradientName(p.name))];
}
