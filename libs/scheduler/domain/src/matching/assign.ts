import { tierRank, type NodeProfile } from '../nodes/node-profile';
import type { FragmentQueue } from './fragment-queue';
import type { FragmentRecord } from './fragment-record';
import { scoreAssignment, type ScoreBreakdown } from './score';

/** A fragment taken from the queue for a node, and why. */
export interface Match {
  readonly record: FragmentRecord;
  readonly score: ScoreBreakdown;
}

/** A node's request as the matcher reads it. */
export interface MatchRequest {
  readonly node: NodeProfile;
  readonly freeMemoryBytes: number;
  readonly slots: number;
  /** Leases the node already holds; they take capacity slots. */
  readonly openLeases: number;
  /** True for fragments this node may not get (e.g. it failed them too often). */
  readonly excluded: (record: FragmentRecord) => boolean;
  /** Fragments another decision is recording right now (see Taker.reserved). */
  readonly reserved?: (record: FragmentRecord) => boolean;
}

/**
 * Takes up to `slots` fragments (no more than the node's free capacity slots) off the queue for
 * the node: each one it qualifies for and can hold in the memory the previous ones left.
 * Cost: `slots` queue takes, each independent of queue and pool size (see FragmentQueue).
 */
export function assign(queue: FragmentQueue, request: MatchRequest): Match[] {
  const { node } = request;
  const wanted = Math.min(Math.floor(request.slots), node.capacitySlots - request.openLeases);
  const hasGpu = node.gpus > 0;
  const nodeTier = tierRank(node.tier);
  let freeBytes = Math.min(request.freeMemoryBytes, node.memoryBytes);
  const matches: Match[] = [];
  while (matches.length < wanted) {
    const record = queue.take({ hasGpu, tierRank: nodeTier, freeBytes, excluded: request.excluded, reserved: request.reserved });
    if (!record) break;
    matches.push({ record, score: scoreAssignment(node, record.plan.priority, record.needBytes, freeBytes) });
    freeBytes -= record.needBytes;
  }
  return matches;
}
