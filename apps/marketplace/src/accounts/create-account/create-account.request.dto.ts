import { z } from 'zod';

export const createAccountRequestSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
});
export type CreateAccountRequest = z.infer<typeof createAccountRequestSchema>;
