import { z } from 'zod';
import { federationNameSchema, idSchema, nodeIdSchema } from '@corex/events';
import { SECAGG_MAX_MEMBERS } from '../params';
import { canonicalBytes, parseCanonical } from './canonical';
import { membersSchema, parseOrThrow, protocolSchema, roundSchema, sealedShareSchema, sharesByNodeSchema } from './common';

const finite = z.number().finite();
const nodeIds = z.array(nodeIdSchema).max(SECAGG_MAX_MEMBERS);

const base = {
  protocol: protocolSchema,
  jobId: idSchema,
  federation: federationNameSchema,
  members: membersSchema,
  threshold: z.number().int().min(2).max(SECAGG_MAX_MEMBERS),
};

const setupDescriptorSchema = z.strictObject({ ...base, phase: z.literal('setup') });

const updateDescriptorSchema = z
  .strictObject({
    ...base,
    phase: z.literal('update'),
    round: roundSchema,
    shape: z.strictObject({
      inputs: z.number().int().min(1).max(100_000),
      hidden: z.union([z.number().int().min(1).max(100_000), z.array(z.number().int().min(1).max(100_000)).max(16)]),
      classes: z.number().int().min(2).max(100_000),
    }),
    localEpochs: z.number().int().min(1).max(10_000),
    learningRate: finite.positive(),
    clipNorm: finite.positive(),
    standardization: z.strictObject({ mean: z.array(finite), std: z.array(finite.positive()) }),
  })
  .refine((d) => d.members.every((m) => m.maskingKey !== undefined), { message: 'every member needs its maskingKey', path: ['members'] })
  .refine((d) => d.standardization.mean.length === d.shape.inputs && d.standardization.std.length === d.shape.inputs, {
    message: 'standardization needs one mean and one std per input',
    path: ['standardization'],
  });

// survivors ∩ dropped is deliberately not refused here: runUnmask throws the typed SecaggRefusal.
const unmaskDescriptorSchema = z.strictObject({
  ...base,
  phase: z.literal('unmask'),
  round: roundSchema,
  survivors: nodeIds,
  dropped: nodeIds,
  setupShares: sharesByNodeSchema(sealedShareSchema),
  selfShares: sharesByNodeSchema(sealedShareSchema),
});

/** The task's input blob of a pinned federated fragment (one per member and phase). */
export const roundDescriptorSchema = z
  .discriminatedUnion('phase', [setupDescriptorSchema, updateDescriptorSchema, unmaskDescriptorSchema])
  .refine((d) => d.threshold <= d.members.length, { message: 'threshold exceeds the number of members', path: ['threshold'] });

export type RoundDescriptor = z.infer<typeof roundDescriptorSchema>;
export type SetupDescriptor = z.infer<typeof setupDescriptorSchema>;
export type UpdateDescriptor = z.infer<typeof updateDescriptorSchema>;
export type UnmaskDescriptor = z.infer<typeof unmaskDescriptorSchema>;

/** Canonical JSON bytes of a round descriptor; validates first. */
export function encodeRoundDescriptor(d: RoundDescriptor): Uint8Array {
  return canonicalBytes(parseOrThrow(roundDescriptorSchema, d, 'round descriptor'));
}

/** Decodes and validates a round descriptor blob; throws SecaggMalformed on anything else. */
export function decodeRoundDescriptor(bytes: Uint8Array): RoundDescriptor {
  return parseOrThrow(roundDescriptorSchema, parseCanonical(bytes, 'round descriptor'), 'round descriptor');
}
