import { tierRank, type NodeProfile } from '../nodes/node-profile';
import type { FairShare } from './fair-share';
import type { FragmentQueue } from './fragment-queue';
import type { FragmentRecord } from './fragment-record';
import { scoreAssignment, type ScoreBreakdown } from './score';

/** A fragment taken from the queue for a node, and why. */
export interface Match {
  readonly record: FragmentRecord;
  readonly score: ScoreBreakdown;
}

/** One node's request in a round, as the matcher reads it. */
export interface Contender {
  readonly node: NodeProfile;
  readonly freeMemoryBytes: number;
  readonly slots: number;
  /** Leases the node already holds; they take capacity slots. */
  readonly openLeases: number;
  /** True for fragments this node may not get (e.g. it failed them too often). */
  readonly excluded: (record: FragmentRecord) => boolean;
}

export interface RoundRules {
  /** Fragments another decision is recording right now (see Taker.reserved). */
  readonly reserved?: (record: FragmentRecord) => boolean;
  /**
   * High-priority or high-value work: offered to staked contenders before anyone else. Undefined
   * when the queue holds none, which spares staked nodes a search that cannot succeed.
   */
  readonly premium?: (record: FragmentRecord) => boolean;
  /**
   * Data locality: a queued fragment whose input block the node holds, which it may take
   * (see LocalityBook.findLocal), preferred to the queue's pick; and whether it holds a block.
   */
  readonly locality?: {
    readonly find: (seat: { node: NodeProfile; freeBytes: number; excluded: (r: FragmentRecord) => boolean }) => FragmentRecord | undefined;
    readonly holds: (nodeId: string, inputHash: string | undefined) => boolean;
  };
}

interface Seat {
  readonly contender: Contender;
  readonly wanted: number;
  readonly matches: Match[];
  freeBytes: number;
}

/**
 * Shares the queue among nodes asking at the same time. Phase 1: staked contenders (boost > 1)
 * take premium work; phase 2: everyone takes anything. In each phase the next fragment goes to
 * the contender whose fair-share pass would end lowest (ties: higher boost, then request order),
 * so contended work splits in the ratio of the boosts, while work that nobody else wants is
 * never held back. `share` is charged for every match: pass a clone to decide without changing
 * anything. Matches are removed from the queue; the caller puts them back or records them.
 * Cost per match: one queue take (see FragmentQueue) plus O(contenders) to pick.
 */
export function shareRound(queue: FragmentQueue, share: FairShare, contenders: readonly Contender[], rules: RoundRules): Match[][] {
  const seats: Seat[] = contenders.map((contender) => ({
    contender,
    wanted: Math.min(Math.floor(contender.slots), contender.node.capacitySlots - contender.openLeases),
    matches: [],
    freeBytes: Math.min(contender.freeMemoryBytes, contender.node.memoryBytes),
  }));
  if (rules.premium) fill(queue, share, seats.filter((s) => s.contender.node.stakeBoost > 1), rules, rules.premium);
  fill(queue, share, seats, rules, () => true);
  return seats.map((s) => s.matches);
}

function fill(queue: FragmentQueue, share: FairShare, seats: readonly Seat[], rules: RoundRules, wanted: (record: FragmentRecord) => boolean): void {
  const open = seats.filter((s) => s.matches.length < s.wanted);
  while (open.length > 0) {
    const seat = nextSeat(open, share);
    const { node, excluded } = seat.contender;
    const taker = { hasGpu: node.gpus > 0, tierRank: tierRank(node.tier), freeBytes: seat.freeBytes, activeStakeWei: node.activeStakeWei };
    const refused = (r: FragmentRecord) => !wanted(r) || excluded(r) || rules.reserved?.(r) === true;
    const local = rules.locality?.find({ node, freeBytes: seat.freeBytes, excluded: refused });
    const record = local && queue.remove(local) ? local : queue.take({ ...taker, excluded: (r) => !wanted(r) || excluded(r), reserved: rules.reserved });
    if (record) {
      const holds = rules.locality?.holds(node.nodeId, record.plan.inputHash) ?? false;
      seat.matches.push({ record, score: scoreAssignment(node, record.plan.priority, record.needBytes, seat.freeBytes, record.plan.replicaOf !== undefined, holds) });
      seat.freeBytes -= record.needBytes;
      share.charge(node.nodeId, node.stakeBoost);
    }
    if (!record || seat.matches.length >= seat.wanted) open.splice(open.indexOf(seat), 1);
  }
}

function nextSeat(open: readonly Seat[], share: FairShare): Seat {
  let best = open[0]!;
  let bestTag = share.finishTag(best.contender.node.nodeId, best.contender.node.stakeBoost);
  for (const seat of open.slice(1)) {
    const { nodeId, stakeBoost } = seat.contender.node;
    const tag = share.finishTag(nodeId, stakeBoost);
    if (tag < bestTag || (tag === bestTag && stakeBoost > best.contender.node.stakeBoost)) [best, bestTag] = [seat, tag];
  }
  return best;
}
