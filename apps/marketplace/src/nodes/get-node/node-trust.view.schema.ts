import { z } from 'zod';
import { evidenceHashSchema, fraudEvidenceSchema, fraudKinds, nodeTierSchema, reputationComponentsSchema, weiSchema } from '@corex/events';

const time = z.iso.datetime().max(32);
const id = z.string().max(128);

/** The node's latest ReputationChanged (docs/reputation.md). */
export const nodeReputationViewSchema = z
  .object({
    score: z.number().min(0).max(1),
    components: reputationComponentsSchema,
    indicators: z.record(z.string().max(32), z.number().nullable()).describe('The raw inputs of the components: claimedGflops, confirmedGflops, verified, failed, frauds, uptimeRatio, …'),
    updatedAt: time,
  })
  .meta({ id: 'NodeReputation' });

/** Whether the node may take work, as the reputation service decided. */
export const nodeStandingSchema = z
  .object({
    status: z.enum(['active', 'suspended', 'evicted']),
    until: time.nullable().describe('End of the suspension while suspended; null otherwise'),
    reason: z.string().max(200).nullable(),
  })
  .meta({ id: 'NodeStanding' });

/** A proven fraud of the node with the evidence its slash carries. */
export const nodeViolationSchema = z
  .object({
    fraudId: id,
    kind: z.enum(fraudKinds),
    detectedAt: time,
    jobId: id.nullable(),
    fragmentId: id.nullable(),
    evidenceHash: evidenceHashSchema.max(66).describe('0x + sha256 of the evidence’s canonical JSON: the hash StakingPool.slash recorded'),
    evidence: fraudEvidenceSchema,
    slash: z
      .object({ txHash: z.string().max(66), amount: weiSchema.describe('Stake slashed, in wei'), block: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) })
      .nullable()
      .describe('The on-chain slash with this evidence hash; null until it is mined (or when the node had no stake)'),
  })
  .meta({ id: 'NodeViolation' });

export const nodeTrustFields = {
  reputation: nodeReputationViewSchema.nullable().describe('null until the reputation service scored the node'),
  tier: nodeTierSchema.nullable().describe('The tier the reputation service gave the node; null until it ranked it'),
  standing: nodeStandingSchema,
  violations: z.array(nodeViolationSchema).max(100).describe('Proven frauds, newest first, at most 100'),
};
