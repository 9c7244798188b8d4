import { z } from 'zod';
import { sha256Schema } from '@corex/events';

const row = z.number().int().nonnegative();
/** A class as the dataset names it (DatasetRegistered.classNames), or its index without names. */
const className = z.string().max(100);
const MAX_CLASSES = 1024;

/** The output blobs of a job (tensor maps), in row order, each with the URL GET /v1/jobs/{id}/outputs/{hash} serves it at. */
const storedParts = z
  .array(
    z.looseObject({
      rowRange: z.array(row).length(2).describe('[first row, end row) of the dataset'),
      blobHash: sha256Schema,
      url: z.string().max(256).optional().describe('Where to download it: the tensor map, or CSV with ?format=csv'),
    }),
  )
  .max(100_000);
const outputName = z.string().max(64).describe('The tensor each stored part holds (y, probabilities, prediction, embeddings)');

/**
 * The result document the scheduler writes to the blob store (JSON) and names in
 * JobCompleted.result.resultHash, as served by GET /v1/jobs/{id}/result. Documented here for
 * the API; the contract belongs in @corex/events beside JobCompleted, so that producer and
 * consumer share one schema. Objects are open: the scheduler may add fields.
 */
export const jobResultDocumentSchema = z.discriminatedUnion('kind', [
  z.looseObject({
    kind: z.literal('predictions'),
    classNames: z.array(className).max(MAX_CLASSES).nullable().describe('null when the dataset has no class names'),
    predictions: z
      .array(
        z.union([
          z.looseObject({ row, class: z.union([className, row]), probabilities: z.array(z.number()).max(MAX_CLASSES) }),
          z.looseObject({ row, value: z.number().describe('A regression model’s prediction (model mlp trained on a target column)') }),
        ]),
      )
      .describe('One per dataset row'),
    output: outputName.optional(),
    parts: storedParts.optional(),
  }),
  z.looseObject({
    kind: z.literal('embeddings'),
    dims: row,
    embeddings: z.array(z.array(z.number())).describe('One vector of `dims` numbers per dataset row'),
    output: outputName.optional(),
    parts: storedParts.optional(),
  }),
  z.looseObject({
    kind: z.literal('preprocessed-data'),
    operation: z.string().max(64),
    output: outputName.optional(),
    shards: storedParts,
  }),
  z.looseObject({
    kind: z.literal('model'),
    weightsHash: sha256Schema,
    modelHash: sha256Schema.optional().describe('The ONNX file GET /v1/jobs/{id}/model serves'),
    objective: z.enum(['classification', 'regression']).optional(),
    accuracy: z.number().optional().describe('Held-out accuracy (classification)'),
    rmse: z.number().optional().describe('Held-out root mean squared error (regression)'),
    r2: z.number().optional().describe('Held-out coefficient of determination (regression)'),
    loss: z.number(),
    steps: z.unknown(),
    featureNames: z.array(z.string().max(100)).max(1024).optional().describe('The columns the model reads, in order'),
    classNames: z.array(className).max(MAX_CLASSES).optional().describe('The class of each probability, in order'),
    targetName: z.string().max(100).nullable().optional().describe('The column a regression model predicts'),
  }),
]);
