import { z } from 'zod';

/** 201 of POST /v1/accounts: the only time the API key is shown. */
export const createdAccountSchema = z
  .object({
    id: z.string().min(1).max(128),
    name: z.string().min(1).max(200),
    apiKey: z.string().min(16).max(256).describe('Send as `Authorization: Bearer <apiKey>`; shown once, stored only as a hash'),
    createdAt: z.iso.datetime().max(32),
  })
  .meta({ id: 'CreatedAccount' });
export type CreatedAccount = z.output<typeof createdAccountSchema>;
