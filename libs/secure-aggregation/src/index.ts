export { SECAGG_PROTOCOL, SECAGG_SCALE, SECAGG_MAX_MEMBERS, SECAGG_MAX_LENGTH, secaggThreshold } from './params';
export {
  SecaggError,
  SecaggMalformed,
  SecaggRefusal,
  SecaggOverflow,
  SecaggQuorumLost,
  SecaggDecryptionFailed,
  SecaggInconsistent,
  type SecaggErrorCode,
} from './errors';
export { generateX25519, x25519PublicKey } from './crypto/x25519';
export type { Member, SetupInput, UpdateInput, UnmaskInput, AggregateInput, AggregateOutput } from './protocol/types';
export { runSetup } from './protocol/setup';
export { runUpdate } from './protocol/update';
export { runUnmask } from './protocol/unmask';
export { aggregateRound } from './protocol/aggregate';
export {
  encodeFederatedResult,
  decodeFederatedResult,
  federatedResultSchema,
  type SetupOutput,
  type UpdateOutput,
  type UnmaskOutput,
  type FederatedResult,
} from './wire/results';
export {
  encodeRoundDescriptor,
  decodeRoundDescriptor,
  roundDescriptorSchema,
  type RoundDescriptor,
  type SetupDescriptor,
  type UpdateDescriptor,
  type UnmaskDescriptor,
} from './wire/descriptors';
export { memberSchema, membersSchema } from './wire/common';
export { maskedToBase64url, maskedFromBase64url } from './wire/masked';
export { structuralMismatch, sharesAddressedTo, maskedVectors, normBoundRatio, type ExpectedResult } from './protocol/coordinator';
