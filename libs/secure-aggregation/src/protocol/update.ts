import type { UpdateOutput } from '../wire/results';
import type { UpdateInput } from './types';

/**
 * Update phase of a round: clips the delta to `clipNorm`, weights it by `rows`, appends
 * `rows`, quantizes, adds a fresh self mask and the pairwise masks, and seals the shares of
 * the self-mask seed to every member. Throws SecaggOverflow when the sum could overflow.
 */
export function runUpdate(input: UpdateInput): UpdateOutput {
  void input;
  throw new Error('runUpdate: not implemented yet');
}
