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
    /** The label column of a classification dataset (its values are classNames). */
    labelName: z.string().min(1).max(100).optional(),
    /** Where the label or target column stood among the uploaded columns (0-based), so downloads keep the upload's header order. */
    outputColumnIndex: z.number().int().min(0).max(1024).optional(),
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

/** A dataset its account deleted: no longer listed or usable by new jobs; its name is free again. */
export const DatasetDeleted = defineEvent(
  'corex.dataset.deleted',
  1,
  z.object({ datasetId: idSchema, accountId: idSchema, name: z.string().min(1).max(200), deletedAt: isoTimeSchema }),
);
export type DatasetDeletedData = DataOf<typeof DatasetDeleted>;

/** A model its account deleted: no longer listed or usable by new jobs; its name is free again. */
export const ModelDeleted = defineEvent(
  'corex.model.deleted',
  1,
  z.object({ modelId: idSchema, accountId: idSchema, name: z.string().min(1).max(200), deletedAt: isoTimeSchema }),
);
export type ModelDeletedData = DataOf<typeof ModelDeleted>;

export const uploadKinds = ['dataset', 'model'] as const;
export type UploadKind = (typeof uploadKinds)[number];

/**
 * An upload's name within its account, claimed on the name's own subject (appended with the
 * version read, so of two concurrent claims one wins) before the upload registers under it.
 */
export const UploadNameClaimed = defineEvent(
  'corex.upload-name.claimed',
  1,
  z.object({
    kind: z.enum(uploadKinds),
    accountId: idSchema,
    name: z.string().min(1).max(200),
    uploadId: idSchema,
    claimedAt: isoTimeSchema,
  }),
);
export type UploadNameClaimedData = DataOf<typeof UploadNameClaimed>;

/** The name freed: its upload was deleted, or its registration never completed. */
export const UploadNameReleased = defineEvent(
  'corex.upload-name.released',
  1,
  z.object({
    kind: z.enum(uploadKinds),
    accountId: idSchema,
    name: z.string().min(1).max(200),
    uploadId: idSchema,
    releasedAt: isoTimeSchema,
  }),
);
export type UploadNameReleasedData = DataOf<typeof UploadNameReleased>;

export const uploadEvents = [DatasetRegistered, ModelRegistered, DatasetDeleted, ModelDeleted, UploadNameClaimed, UploadNameReleased] as const;
