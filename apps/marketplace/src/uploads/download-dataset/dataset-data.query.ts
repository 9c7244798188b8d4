import { z } from 'zod';

/** Query of GET /v1/datasets/{id}/data: CSV (default) or the tensor-map blob as stored. */
export const datasetDataQuerySchema = z.strictObject({
  format: z.enum(['csv', 'tensors']).default('csv'),
});
