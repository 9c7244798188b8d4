import { z } from 'zod';
import { jobTypes } from '@corex/events';
import { verificationPolicyViewSchema, verificationQuoteSchema } from '../verification/verification.view.schema';

/** POST /v1/jobs/quote: the job as it would be submitted (names resolved to ids) and its verification quote. */
export const jobQuoteSchema = z
  .object({
    type: z.enum(jobTypes),
    model: z.string().max(128).describe('The model id the job would run (a name of yours resolved to its upload id)'),
    dataset: z.string().max(128).describe('The dataset id the job would read (a name of yours resolved to its upload id)'),
    budget: z.string().max(37).describe('CXT, as it would be recorded'),
    verification: z
      .object({
        policy: verificationPolicyViewSchema.describe('As sent; adaptive when none was sent'),
        quote: verificationQuoteSchema,
      })
      .describe('Exactly what POST /v1/jobs would answer in verification for this body'),
  })
  .meta({ id: 'JobQuote' });
export type JobQuoteView = z.output<typeof jobQuoteSchema>;
