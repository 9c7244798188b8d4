import { z } from 'zod';
import { nodeIdSchema, x25519KeySchema } from '@corex/events';
import { SECAGG_MAX_LENGTH } from '../params';
import { base64urlLength, base64urlUpTo, fromBase64url, toBase64url } from './base64url';
import { canonicalBytes, parseCanonical } from './canonical';
import { parseOrThrow, protocolSchema, roundSchema, sealedShareSchema, shareSchema, sharesByNodeSchema } from './common';

/** Setup result: the member's fresh masking public key and its Shamir shares, sealed per recipient. */
export const setupOutputSchema = z.strictObject({
  protocol: protocolSchema,
  phase: z.literal('setup'),
  nodeId: nodeIdSchema,
  maskingKey: x25519KeySchema,
  /** recipient nodeId → sealed share of the masking private key (the member itself included). */
  shares: sharesByNodeSchema(sealedShareSchema),
});

/** Update result: the masked quantized vector and the sealed shares of this round's self-mask seed. */
export const updateOutputSchema = z
  .strictObject({
    protocol: protocolSchema,
    phase: z.literal('update'),
    nodeId: nodeIdSchema,
    round: roundSchema,
    /** uint32 little-endian words, base64url. */
    masked: base64urlUpTo(base64urlLength(4 * SECAGG_MAX_LENGTH)),
    /** Words in `masked`: parameters + 1 (the weight). */
    length: z.number().int().min(2).max(SECAGG_MAX_LENGTH),
    selfShares: sharesByNodeSchema(sealedShareSchema),
  })
  .refine((u) => u.masked.length === base64urlLength(4 * u.length), { message: 'masked does not hold length words', path: ['masked'] })
  .refine((u) => canonicalTail(u.masked), { message: 'masked is not canonical base64url', path: ['masked'] });

/** Unused low bits of the last base64url group must be zero, so one vector has one encoding. */
function canonicalTail(text: string): boolean {
  const tail = text.slice(text.length - (text.length % 4));
  return tail === '' || toBase64url(fromBase64url(tail)) === tail;
}

/** Unmask result: shares of survivors' self-mask seeds and of dropped members' masking keys. */
export const unmaskOutputSchema = z
  .strictObject({
    protocol: protocolSchema,
    phase: z.literal('unmask'),
    nodeId: nodeIdSchema,
    round: roundSchema,
    selfSeeds: sharesByNodeSchema(shareSchema),
    maskKeys: sharesByNodeSchema(shareSchema),
  })
  .refine((u) => Object.keys(u.selfSeeds).every((id) => !(id in u.maskKeys)), {
    message: 'a node cannot have both its self-mask seed and its masking key revealed',
  });

export const federatedResultSchema = z.discriminatedUnion('phase', [setupOutputSchema, updateOutputSchema, unmaskOutputSchema]);

export type SetupOutput = z.infer<typeof setupOutputSchema>;
export type UpdateOutput = z.infer<typeof updateOutputSchema>;
export type UnmaskOutput = z.infer<typeof unmaskOutputSchema>;
export type FederatedResult = SetupOutput | UpdateOutput | UnmaskOutput;

/** Canonical JSON bytes of a federated result (the fragment's result blob); validates first. */
export function encodeFederatedResult(o: FederatedResult): Uint8Array {
  return canonicalBytes(parseOrThrow(federatedResultSchema, o, 'federated result'));
}

/** Decodes and validates a federated result blob; throws SecaggMalformed on anything else. */
export function decodeFederatedResult(bytes: Uint8Array): FederatedResult {
  return parseOrThrow(federatedResultSchema, parseCanonical(bytes, 'federated result'), 'federated result');
}
