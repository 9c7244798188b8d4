import { z } from 'zod';
import { defineEvent, type DataOf } from './catalog';
import { idSchema, isoTimeSchema } from './common';

export const AccountCreated = defineEvent(
  'corex.account.created',
  1,
  z.object({
    accountId: idSchema,
    name: z.string().min(1).max(200),
    /** sha256 of the API key; the key itself never enters the log. */
    apiKeyHash: z.string().regex(/^[0-9a-f]{64}$/),
    apiKeyPrefix: z.string().max(32),
    createdAt: isoTimeSchema,
  }),
);
export type AccountCreatedData = DataOf<typeof AccountCreated>;

export const accountEvents = [AccountCreated] as const;
