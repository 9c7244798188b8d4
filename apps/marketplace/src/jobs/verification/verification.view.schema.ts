import { z } from 'zod';
import { checkRecordSchema, nodeIdSchema, verificationMethods, verificationPolicySchema } from '@corex/events';
import { fragmentOutcomes } from '../../projections/fragment-verifications.projection';

const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const share = z.number().min(0).max(1);
const id = z.string().max(128);

export const verificationPolicyViewSchema = verificationPolicySchema.meta({ id: 'VerificationPolicy' });

/** verificationQuote of @corex/verification-domain, as the submission response and the job view show it. */
export const verificationQuoteSchema = z
  .object({
    policy: verificationPolicyViewSchema,
    extraComputeShare: z.number().min(0).max(16).describe('Extra compute spent on checking, as a share of the job’s own (1: every fragment runs twice)'),
    extraCost: z.string().max(37).describe('That share of the budget, in CXT: the most verification may take of it'),
    detectionPerFragment: share.describe('Probability that one wrong fragment is caught (adaptive: the lowest, for a trusted node; new nodes’ work is replicated)'),
    detectionWithin50: share.describe('Probability that a node returning 50 wrong fragments is caught at least once'),
  })
  .meta({ id: 'VerificationQuote' });

export const verificationCostViewSchema = z
  .object({ flops: z.number().min(0).describe('FLOPs recomputed by the verifier or on replica nodes'), ms: z.number().min(0).describe('Wall time of the checks') })
  .meta({ id: 'VerificationCost' });

/** GET /v1/jobs/{id} only: how the job's results are checked and how far. */
export const jobVerificationSchema = z
  .object({
    policy: verificationPolicyViewSchema.describe('As submitted; adaptive when none was sent'),
    quote: verificationQuoteSchema,
    cost: verificationCostViewSchema.describe('Σ over every verification of the job’s fragments and replicas so far'),
    fragments: z
      .object({ verified: count, rejected: count, fraud: count, escalated: count, pending: count })
      .describe('The job’s planned fragments, each counted once by its latest verdict (a rejected or fraudulent result is redone on another node); pending: no verdict yet'),
  })
  .meta({ id: 'JobVerification' });
export type JobVerificationView = z.output<typeof jobVerificationSchema>;

/** A fragment's verification: its latest verdict with the checks behind it. */
export const fragmentVerificationSchema = z
  .object({
    outcome: z.enum(fragmentOutcomes).describe('verified: counts for the job and is paid; fraud: proven cheating, redone elsewhere; rejected: undecidable, redone elsewhere; escalated: a replica decides; pending: waiting for a verdict'),
    method: z.enum(verificationMethods).nullable().describe('How a verified result was checked; null otherwise'),
    checks: z.array(checkRecordSchema).max(16),
    cost: verificationCostViewSchema.describe('Σ over every verification of this fragment and its replicas'),
    attempts: z.object({ fraud: count, rejected: count, escalated: count }).describe('Verdicts of each kind this fragment had so far'),
  })
  .meta({ id: 'FragmentVerification' });

export const jobFragmentSchema = z
  .object({
    fragmentId: id,
    nodeId: nodeIdSchema.nullable().describe('The node whose result the verdict is about'),
    verification: fragmentVerificationSchema,
    replicas: z
      .array(z.object({ fragmentId: id, nodeId: nodeIdSchema.nullable(), outcome: z.enum(fragmentOutcomes) }))
      .max(16)
      .describe('Runs of the same fragment on other nodes, for comparison (never counted for the job)'),
  })
  .meta({ id: 'JobFragment' });
export type JobFragmentView = z.output<typeof jobFragmentSchema>;

export const jobFragmentsPageSchema = z
  .object({ items: z.array(jobFragmentSchema).max(1000), nextCursor: z.string().max(200).nullable() })
  .meta({ id: 'JobFragmentsPage' });
export type JobFragmentsPage = z.output<typeof jobFragmentsPageSchema>;
