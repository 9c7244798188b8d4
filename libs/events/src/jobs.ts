import { z } from 'zod';
import { defineEvent, type DataOf } from './catalog';
import { cxtAmountSchema, idSchema, isoTimeSchema } from './common';

export const jobTypes = ['inference', 'training', 'feature-extraction', 'preprocessing'] as const;
export const jobPriorities = ['low', 'normal', 'high'] as const;

export const jobRequirementsSchema = z.strictObject({
  minMemoryBytes: z.number().int().nonnegative().optional(),
  gpu: z.boolean().optional(),
  minTier: z.enum(['edge', 'standard', 'pro', 'elite']).optional(),
  maxNodes: z.number().int().positive().max(100_000).optional(),
});
export type JobRequirements = z.infer<typeof jobRequirementsSchema>;

export const JobSubmitted = defineEvent(
  'corex.job.submitted',
  1,
  z.object({
    jobId: idSchema,
    accountId: idSchema,
    type: z.enum(jobTypes),
    model: z.string().min(1),
    dataset: z.string().min(1),
    budget: cxtAmountSchema,
    priority: z.enum(jobPriorities),
    requirements: jobRequirementsSchema,
    params: z.record(z.string(), z.unknown()),
    idempotencyKey: z.string().optional(),
    submittedAt: isoTimeSchema,
  }),
);
export type JobSubmittedData = DataOf<typeof JobSubmitted>;

export const jobEvents = [JobSubmitted] as const;
