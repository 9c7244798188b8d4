import { z } from 'zod';

/** limit and an opaque cursor wrapping the last fragment id of the previous page. */
export const fragmentPageQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z
    .string()
    .max(200)
    .regex(/^[A-Za-z0-9_-]{1,200}$/)
    .transform((c) => Buffer.from(c, 'base64url').toString('utf8'))
    .pipe(z.string().regex(/^[A-Za-z0-9_-]{1,128}$/))
    .optional(),
});

export const encodeFragmentCursor = (fragmentId: string) => Buffer.from(fragmentId, 'utf8').toString('base64url');
