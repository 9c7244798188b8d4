import { performance } from 'node:perf_hooks';
import { encodeFederatedResult } from '../wire/results';
import { runSimulatedRound, setUpFederation } from './federation';
import { plainWeightedSum, syntheticDelta } from './vectors';

/** What one simulated round cost, for `npm run bench training`. */
export interface SimulatedRoundCost {
  members: number;
  length: number;
  threshold: number;
  dropped: number;
  /** Wall time of all members' setup (once per job), ms. */
  setupMs: number;
  /** Wall time of all members' runUpdate (sequential, one core), ms. */
  updateMs: number;
  /** Wall time of all survivors' runUnmask, ms. */
  unmaskMs: number;
  /** Coordinator's aggregateRound, ms. */
  aggregateMs: number;
  /** Plain weighted sum of the same updates (the FedAvg baseline), ms. */
  plainSumMs: number;
  /** Encoded result bytes per member: setup (once per job), update and unmask (per round). */
  bytesPerMember: { setup: number; update: number; unmask: number };
  /** Largest |secure − plain| over the coordinates (quantization error). */
  maxError: number;
}

/**
 * Runs setup and one round of `members` members over `length` parameters in memory (all
 * members in this process, so per-member times are the totals divided by `members`),
 * with `dropped` members missing their update.
 */
export function simulateRound(members: number, length: number, dropped = 0): SimulatedRoundCost {
  let start = performance.now();
  const federation = setUpFederation(members, 'bench-job');
  const setupMs = performance.now() - start;
  const ids = federation.members.map((m) => m.nodeId);
  const deltas = new Map(ids.map((id, i) => [id, syntheticDelta(length, i + 1, 0.01)]));
  const rows = new Map(ids.map((id, i) => [id, 100 + i]));
  const timings = { update: 0, unmask: 0, aggregate: 0 };
  const round = runSimulatedRound(federation, { round: 1, deltas, rows, clipNorm: 10, dropBeforeUpdate: ids.slice(0, dropped) }, timings);
  start = performance.now();
  const survivors = round.survivors;
  const plain = plainWeightedSum(survivors.map((id) => deltas.get(id)!), survivors.map((id) => rows.get(id)!), 10);
  const plainSumMs = performance.now() - start;
  const maxError = round.result.weightedSum.reduce((acc, v, k) => Math.max(acc, Math.abs(v - plain[k])), 0);
  const size = (o: Parameters<typeof encodeFederatedResult>[0]) => encodeFederatedResult(o).length;
  return {
    members,
    length,
    threshold: federation.threshold,
    dropped,
    setupMs,
    updateMs: timings.update,
    unmaskMs: timings.unmask,
    aggregateMs: timings.aggregate,
    plainSumMs,
    bytesPerMember: {
      setup: size(federation.setupOutputs.get(ids[0])!),
      update: size(round.updates.get(survivors[0])!),
      unmask: size(round.unmasks[0]),
    },
    maxError,
  };
}
