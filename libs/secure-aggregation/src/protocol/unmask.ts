import type { UnmaskOutput } from '../wire/results';
import type { UnmaskInput } from './types';

/**
 * Unmask phase of a round: opens the shares addressed to self and reveals the self-mask
 * shares of survivors and the masking-key shares of dropped members. Throws SecaggRefusal
 * when a node is listed as both (that would expose its individual update).
 */
export function runUnmask(input: UnmaskInput): UnmaskOutput {
  void input;
  throw new Error('runUnmask: not implemented yet');
}
