import { performance } from 'node:perf_hooks';
import { simulateRound, syntheticDelta, type SimulatedRoundCost } from '@corex/secure-aggregation/src/testing';
import { aggregateUpdates } from '@corex/training-domain';
import { median, result, type BenchResult } from '../report';

const MEMBERS = 10;
const ROUNDS = 3;

/** Plain FedAvg of the same members' deltas (row-weighted mean, as the coordinator would without masks), ms per round. */
function plainFedAvgMs(length: number): number {
  const updates = Array.from({ length: MEMBERS }, (_, i) => ({ vector: syntheticDelta(length, i + 1, 0.01), weight: 100 + i }));
  aggregateUpdates(updates, { rule: 'mean' });
  let rounds = 0;
  const start = performance.now();
  while (rounds < 3 || performance.now() - start < 300) {
    aggregateUpdates(updates, { rule: 'mean' });
    rounds++;
  }
  return (performance.now() - start) / rounds;
}

/**
 * Secure aggregation (@corex/secure-aggregation's in-memory simulation: every member's real
 * runSetup/runUpdate/runUnmask through the wire codec, then aggregateRound) beside plain FedAvg of
 * the same updates, at the penguins MLP's size (259 parameters) and at 100k; median of 3 rounds.
 */
export function secureAggregationFigures(progress: (line: string) => void): BenchResult[] {
  const out: BenchResult[] = [];
  const b = 'training';
  for (const [label, length] of [['259', 259], ['100k', 100_000]] as const) {
    const costs: SimulatedRoundCost[] = Array.from({ length: ROUNDS }, () => simulateRound(MEMBERS, length));
    const mid = (pick: (c: SimulatedRoundCost) => number) => median(costs.map(pick));
    // A round is setup (fresh masking keys every round), update, unmask and the coordinator's aggregation.
    const round = mid((c) => c.setupMs + c.updateMs + c.unmaskMs + c.aggregateMs);
    const plain = plainFedAvgMs(length);
    progress(
      `secure aggregation, ${MEMBERS} members, ${label} parameters: setup ${mid((c) => c.setupMs).toFixed(1)} ms, update ${mid((c) => c.updateMs).toFixed(1)} ms, unmask ${mid((c) => c.unmaskMs).toFixed(1)} ms, aggregate ${mid((c) => c.aggregateMs).toFixed(1)} ms (all members summed); plain FedAvg ${plain.toFixed(3)} ms`,
    );
    out.push(
      // Microseconds: plain FedAvg of 259 parameters takes a few dozen, which 0.1 ms rounding would show as 0.
      result(b, `secagg_round_us_all_${MEMBERS}_members_${label}_params`, round * 1000, { baseline: plain * 1000 }),
      result(b, `secagg_per_member_update_ms_${label}_params`, mid((c) => c.updateMs) / MEMBERS),
      result(b, `secagg_coordinator_us_${MEMBERS}_members_${label}_params`, mid((c) => c.aggregateMs) * 1000, { baseline: plain * 1000 }),
      result(b, `secagg_setup_ms_per_round_${MEMBERS}_members_${label}_params`, mid((c) => c.setupMs)),
      // Plain FedAvg sends the float32 delta and its row count.
      result(b, `secagg_update_bytes_per_member_${label}_params`, costs[0]!.bytesPerMember.update, { baseline: 4 * (length + 1) }),
      result(b, `secagg_unmask_bytes_per_member_${label}_params`, costs[0]!.bytesPerMember.unmask),
      result(b, `secagg_max_abs_error_x1e6_${label}_params`, mid((c) => c.maxError) * 1e6),
    );
  }
  return out;
}
