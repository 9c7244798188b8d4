import { tierRank } from '../nodes/node-profile';
import { cxtToWei } from '../nodes/node-stake';
import type { FragmentPlan, JobPriority } from '../planning/plan-fragments';
import type { HeapItem } from '../support/indexed-heap';
import { memoryClassOf } from './memory-class';

/**
 * `exhausted`: its leases failed too often (SchedulerOptions.maxFailedAttempts); it is not scheduled again.
 * `abandoned`: its job gave it up (JobFragmentsAbandoned: step deadline, federated dropout); a late result is stale.
 */
export type FragmentStatus = 'queued' | 'leased' | 'completed' | 'exhausted' | 'abandoned';

/** The scheduler's bookkeeping for one fragment. */
export interface FragmentRecord extends HeapItem {
  readonly plan: FragmentPlan;
  /** Arrival order; kept when the fragment is requeued so it stays ahead of newer work. */
  readonly seq: number;
  /** Memory a node must offer: the fragment's estimate or the job's minimum, whichever is larger. */
  readonly needBytes: number;
  /** Active stake (wei) a node must hold: `requirements.minStake`, 0 when none. */
  readonly minStakeWei: bigint;
  /** Queue bucket coordinates: requirement group and memory class. */
  readonly group: number;
  readonly memoryClass: number;
  status: FragmentStatus;
  /** Leases granted so far. */
  attempts: number;
  /** Id of the open lease while leased (the lease itself lives in the lease table). */
  leaseId: string | undefined;
  /** Failed leases per node id; created on the first failure. */
  failures: Map<string, number> | undefined;
  /** Leases that ended without a result other than by a node's polite release. */
  failedAttempts: number;
  /** Nodes that may never get this fragment (their result was judged fraud or rejected, or a replica's original ran there). */
  excludedNodes: Set<string> | undefined;
  /** The lease whose result completed the fragment, while completed: verdicts name it. */
  completedLease: { readonly leaseId: string; readonly nodeId: string } | undefined;
}

/** Priority ranks, highest last: low 0, normal 1, high 2. */
export const PRIORITY_RANKS: Readonly<Record<JobPriority, number>> = { low: 0, normal: 1, high: 2 };
export const PRIORITY_COUNT = 3;
const TIER_COUNT = 4;
/** Requirement groups: priority × needs-GPU × needs-stake × minimum tier. */
export const GROUP_COUNT = PRIORITY_COUNT * 2 * 2 * TIER_COUNT;

/**
 * The group of fragments with these requirements. Fragments with a minimum stake have groups of
 * their own, so unstaked nodes never look at them (no skipping in their buckets).
 */
export function requirementGroup(priorityRank: number, needsGpu: boolean, minTierRank: number, needsStake = false): number {
  return ((priorityRank * 2 + (needsGpu ? 1 : 0)) * 2 + (needsStake ? 1 : 0)) * TIER_COUNT + minTierRank;
}

/**
 * Groups a node may take from, one list per priority, highest priority first:
 * no-GPU groups (and GPU groups if it has a GPU) up to its tier; minimum-stake groups only for
 * a node with some stake (the amount is checked per fragment).
 */
export function eligibleGroups(hasGpu: boolean, nodeTierRank: number, hasStake = false): readonly (readonly number[])[] {
  return eligibleGroupTable[((hasGpu ? 1 : 0) * 2 + (hasStake ? 1 : 0)) * TIER_COUNT + nodeTierRank]!;
}

const eligibleGroupTable = Array.from({ length: 2 * 2 * TIER_COUNT }, (_, key) => {
  const hasGpu = key >= 2 * TIER_COUNT;
  const hasStake = Math.floor(key / TIER_COUNT) % 2 === 1;
  const nodeTier = key % TIER_COUNT;
  return [2, 1, 0].map((priority) => {
    const groups: number[] = [];
    for (const gpu of hasGpu ? [false, true] : [false]) {
      for (const stake of hasStake ? [false, true] : [false]) {
        for (let tier = 0; tier <= nodeTier; tier++) groups.push(requirementGroup(priority, gpu, tier, stake));
      }
    }
    return groups;
  });
});

/** A new record for a planned fragment. */
export function fragmentRecord(plan: FragmentPlan, seq: number): FragmentRecord {
  const needBytes = Math.max(plan.size.memoryBytes, plan.requirements.minMemoryBytes ?? 0);
  const minTier = tierRank(plan.requirements.minTier ?? 'edge');
  const minStakeWei = plan.requirements.minStake === undefined ? 0n : cxtToWei(plan.requirements.minStake);
  return {
    plan,
    seq,
    needBytes,
    minStakeWei,
    group: requirementGroup(PRIORITY_RANKS[plan.priority], plan.requirements.gpu === true, minTier, minStakeWei > 0n),
    memoryClass: memoryClassOf(needBytes),
    status: 'queued',
    attempts: 0,
    leaseId: undefined,
    failures: undefined,
    failedAttempts: 0,
    excludedNodes: undefined,
    completedLease: undefined,
    heapIndex: -1,
  };
}
