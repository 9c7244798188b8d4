import { z } from 'zod';
import { cxtAmountSchema, jobPriorities, jobRequirementsSchema, jobTypes } from '@corex/events';

/** Body of POST /v1/jobs. Unknown fields are refused, not ignored. */
export const submitJobRequestSchema = z.strictObject({
  type: z.enum(jobTypes),
  model: z.string().min(1).max(128),
  dataset: z.string().min(1).max(128),
  budget: cxtAmountSchema.describe('CXT as a decimal string, up to 18 decimals'),
  priority: z.enum(jobPriorities).default('normal'),
  requirements: jobRequirementsSchema.default({}),
  params: z.record(z.string().max(64), z.json()).default({}),
});
export type SubmitJobRequest = z.infer<typeof submitJobRequestSchema>;

/** Idempotency-Key: 1 to 255 visible ASCII characters. */
export const idempotencyKeySchema = z.string().regex(/^[\x21-\x7e]{1,255}$/);
