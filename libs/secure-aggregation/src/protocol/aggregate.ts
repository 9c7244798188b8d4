import type { AggregateInput, AggregateOutput } from './types';

/**
 * Coordinator: sums the survivors' masked vectors, removes their self masks and the
 * pairwise masks shared with dropped members (reconstructed from ≥ threshold shares),
 * and decodes the weighted sum and total rows. Throws SecaggQuorumLost below threshold.
 */
export function aggregateRound(input: AggregateInput): AggregateOutput {
  void input;
  throw new Error('aggregateRound: not implemented yet');
}
