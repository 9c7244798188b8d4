import { z } from 'zod';
import { datasetViewSchema } from '../upload-listing.schema';

/** Query of POST /v1/datasets: the dataset's name and, optionally, its label column (classification) or target column (regression). */
export const registerDatasetQuerySchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    label: z.string().trim().min(1).max(100).optional(),
    target: z.string().trim().min(1).max(100).optional(),
  })
  .refine((q) => q.label === undefined || q.target === undefined, {
    message: 'give label (classification) or target (regression), not both',
    path: ['target'],
  });
export type RegisterDatasetQuery = z.infer<typeof registerDatasetQuerySchema>;

export const datasetMediaTypes = ['text/csv', 'application/json'] as const;

/** 201 body: the registered dataset (its schema is the document's RegisteredDataset). */
export type DatasetView = z.output<typeof datasetViewSchema>;
