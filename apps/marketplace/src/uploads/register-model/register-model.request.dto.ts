import { z } from 'zod';
import { modelViewSchema } from '../upload-listing.schema';

/** Query of POST /v1/models. */
export const registerModelQuerySchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
});

export const modelMediaTypes = ['application/octet-stream'] as const;

/** 201 body: the registered model (its schema is the document's RegisteredModel). */
export type ModelView = z.output<typeof modelViewSchema>;
