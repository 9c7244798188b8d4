import { z } from 'zod';
import { jobTypes, sha256Schema } from '@corex/events';

const id = z.string().min(1).max(128);
const name = z.string().max(200);
const columnName = z.string().max(100);
const time = z.iso.datetime().max(32);
const origin = z.enum(['builtin', 'upload']).describe('builtin: part of the network; upload: one of yours');
const tensorSignature = z.object({
  name: z.string().max(128),
  type: z.string().max(32),
  dims: z.array(z.union([z.number().int(), z.string().max(64)])).max(16),
});

/** A model a job may name, as GET /v1/catalog lists it. Entries are open: built-ins carry more (architecture, sizing). */
export const catalogModelSchema = z.looseObject({
  id,
  name: name.optional().describe('Uploads: the name you gave it (a job may name it by this)'),
  origin,
  description: z.string().max(1000).optional(),
  tasks: z.array(z.enum(jobTypes)).max(jobTypes.length),
  inputs: z
    .union([z.number().int().min(1).max(1024), z.literal('any'), z.array(tensorSignature).max(64)])
    .optional()
    .describe('Features read; any: sized to the dataset it trains on (mlp) or per feature (preprocessing); uploads: the graph inputs'),
  outputs: z.array(tensorSignature).max(64).optional(),
  classes: z.number().int().min(1).max(1024).optional(),
  objectives: z.array(z.enum(['classification', 'regression'])).max(2).optional().describe('What it trains for'),
  dataset: id.optional().describe('The built-in dataset it was made for'),
  graphHash: sha256Schema.optional(),
  bytes: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  registeredAt: time.optional(),
});

/** A dataset a job may name, as GET /v1/catalog lists it. */
export const catalogDatasetSchema = z.looseObject({
  id,
  name: name.optional(),
  origin,
  description: z.string().max(1000).optional(),
  rows: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  features: z.array(columnName).max(1024),
  classes: z.array(columnName).max(1024).optional().describe('Label values: class i is y = i; empty without a label'),
  targetName: columnName.optional().describe('The column a regression dataset predicts'),
  blobHash: sha256Schema.optional(),
  bytes: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  registeredAt: time.optional(),
  source: z.string().max(1000).optional(),
  license: z.string().max(64).optional(),
  synthetic: z.boolean().optional(),
});

/** GET /v1/catalog: the built-in models and datasets, then the caller's uploads. */
export const catalogSchema = z
  .object({
    models: z.array(catalogModelSchema.meta({ id: 'CatalogModel' })),
    datasets: z.array(catalogDatasetSchema.meta({ id: 'CatalogDataset' })),
  })
  .meta({ id: 'Catalog' });
/** What the code returns for it: the schema's type, read-only all the way down (the built-in entries are shared). */
export type Catalog = DeepReadonly<z.output<typeof catalogSchema>>;
type DeepReadonly<T> = T extends readonly (infer E)[] ? ReadonlyArray<DeepReadonly<E>> : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;
