import { z } from 'zod';
import { cxtAmountSchema, jobPriorities, jobRequirementsSchema, jobTypes } from '@corex/events';

/** Body of POST /v1/jobs. Unknown fields are refused, not ignored. */
export const submitJobRequestSchema = z.strictObject({
  type: z.enum(jobTypes),
  model: z.string().min(1).max(128),
  dataset: z.string().min(1).max(128),
  budget: cxtAmountSchema.meta({
    description:
      'Required. The most this job may cost, in CXT (the network token), as a decimal string with up to 18 decimals (a string, so no float rounds it): more than 0 and at most 1000000. It is recorded with the job; no CXT is reserved or paid yet (that arrives with the token), but costs will be checked against it, so every client sends it now. 400 JOB.BUDGET_INVALID otherwise.',
    examples: ['5', '0.25'],
  }),
  priority: z.enum(jobPriorities).default('normal'),
  requirements: jobRequirementsSchema.default({}),
  params: z.record(z.string().max(64), z.json()).default({}),
  /** Checked by the decider (JOB.VERIFICATION_INVALID); documented in the OpenAPI paths. */
  verification: z.json().optional(),
});
export type SubmitJobRequest = z.infer<typeof submitJobRequestSchema>;

/** Idempotency-Key: 1 to 255 visible ASCII characters. */
export const idempotencyKeySchema = z.string().regex(/^[\x21-\x7e]{1,255}$/);
