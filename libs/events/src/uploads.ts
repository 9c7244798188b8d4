import { z } from 'zod';
import { defineEvent, type DataOf } from './catalog';
import { idSchema, isoTimeSchema } from './common';
import { sha256Schema } from './fragments';
import { jobTypes } from './jobs';

/** A dataset an account uploaded, stored as a tensor-map blob (`x` features, optional `y` labels or `t` regression targets). */
export const DatasetRegistered = defineEvent(
  'corex.dataset.registered',
  1,
  z.object({
    datasetId: idSchema,
    accountId: idSchema,
    name: z.string().min(1).max(200),
    rows: z.number().int().positive(),
    featureNames: z.array(z.string().max(100)).min(1).max(1024),
    classNames: z.array(z.string().max(100)).max(1024),
    /** The numeric column a regression dataset predicts, stored as tensor `t` float32 [rows]; absent for classification. */
    targetName: z.string().min(1).max(100).optional(),
    blobHash: sha256Schema,
    bytes: z.number().int().positive(),
    registeredAt: isoTimeSchema,
  }),
);
export type DatasetRegisteredData = DataOf<typeof DatasetRegistered>;

export const tensorSignatureSchema = z.object({
  name: z.string().max(128),
  type: z.string().max(32),
  dims: z.array(z.union([z.number().int(), z.string().max(64)])).max(16),
});

/** An ONNX model an account uploaded; validated by loading it before it is registered. */
export const ModelRegistered = defineEvent(
  'corex.model.registered',
  1,
  z.object({
    modelId: idSchema,
    accountId: idSchema,
    name: z.string().min(1).max(200),
    graphHash: sha256Schema,
    bytes: z.number().int().positive(),
    inputs: z.array(tensorSignatureSchema).min(1).max(64),
    outputs: z.array(tensorSignatureSchema).min(1).max(64),
    tasks: z.array(z.enum(jobTypes)).min(1),
    registeredAt: isoTimeSchema,
  }),
);
export type ModelRegisteredData = DataOf<typeof ModelRegistered>;

export const uploadEvents = [DatasetRegistered, ModelRegistered] as const;
