import { z } from 'zod';

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

/** 201 body: the registered dataset. */
export interface DatasetView {
  id: string;
  name: string;
  rows: number;
  features: string[];
  classes: string[];
  /** The regression target column, when the dataset has one. */
  target?: string;
  blobHash: string;
}
