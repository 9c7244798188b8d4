import { z } from 'zod';

/** Response schemas of the dataset and model routes (the OpenAPI document is made from them). */
const hash = z.string().length(64).regex(/^[0-9a-f]{64}$/);
const time = z.iso.datetime().max(40);
const id = z.string().max(128);
const names = (max: number) => z.array(z.string().max(100)).max(max);
const cursor = z.string().max(24).nullable().describe('Pass as `cursor` for the next page; null on the last page');

export const datasetViewSchema = z.object({
  id,
  name: z.string().max(200),
  rows: z.number().int().min(1),
  features: names(1024),
  classes: names(1024).describe('Label values in first-seen order: class i is y = i; empty without a label column'),
  target: z.string().max(100).optional().describe('The regression target column (tensor t float32 [rows]), when uploaded with target='),
  blobHash: hash,
});

export const datasetListingSchema = datasetViewSchema.extend({
  bytes: z.number().int().min(1),
  registeredAt: time,
});

const tensorSignature = z.object({
  name: z.string().max(128),
  type: z.string().max(32),
  dims: z.array(z.union([z.number().int(), z.string().max(64)])).max(16),
});

export const modelViewSchema = z.object({
  id,
  name: z.string().max(200),
  tasks: z.array(z.enum(['inference', 'training', 'feature-extraction', 'preprocessing'])).max(4),
  inputs: z.array(tensorSignature).max(64),
  outputs: z.array(tensorSignature).max(64),
  graphHash: hash,
});

export const modelListingSchema = modelViewSchema.extend({
  bytes: z.number().int().min(1),
  registeredAt: time,
});

export const datasetsPageSchema = z.object({ items: z.array(datasetListingSchema).max(100), nextCursor: cursor });
export const modelsPageSchema = z.object({ items: z.array(modelListingSchema).max(100), nextCursor: cursor });
