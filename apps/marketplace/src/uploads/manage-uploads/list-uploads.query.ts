import { z } from 'zod';

/** Query of GET /v1/datasets and GET /v1/models: paged like GET /v1/jobs, newest first. */
export const listUploadsQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,24}$/)
    .transform((c) => Number(Buffer.from(c, 'base64url').toString('utf8')))
    .pipe(z.number().int().positive())
    .optional(),
});
