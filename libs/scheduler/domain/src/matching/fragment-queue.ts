import { IndexedHeap } from '../support/indexed-heap';
import { eligibleGroups, GROUP_COUNT, PRIORITY_COUNT, type FragmentRecord } from './fragment-record';
import { highestClassFor, MEMORY_CLASS_COUNT, MemoryClassSet } from './memory-class';

/** What the queue needs to know about the node asking. */
export interface Taker {
  readonly hasGpu: boolean;
  readonly tierRank: number;
  readonly freeBytes: number;
  /** Active stake in wei (default 0): fragments with a higher minimum stake are not for it. */
  readonly activeStakeWei?: bigint;
  /** Fragments this node may not get, e.g. after failing them too often. */
  readonly excluded: (record: FragmentRecord) => boolean;
  /**
   * Fragments being recorded for another request right now: passed over without counting
   * against SKIP_LIMIT (their number is bounded by the appends in flight).
   */
  readonly reserved?: (record: FragmentRecord) => boolean;
}

/**
 * A bucket holds one entry of a record found unacceptable (too big for the partly fitting
 * class, or excluded) only this many times per look; past that the node moves to the next
 * bucket, so one node's exclusions cannot make a decision scan a whole bucket.
 */
const SKIP_LIMIT = 8;
const GROUPS_PER_PRIORITY = GROUP_COUNT / PRIORITY_COUNT;

/**
 * Pending fragments, bucketed by requirement group (priority × GPU × minimum tier) and memory
 * class, each bucket a heap on arrival order. A node looks only into buckets it qualifies for
 * and can hold, so heavy work never stands in front of light work for a small node.
 *
 * `take` picks, highest priority first, the largest memory class the node can hold (best fit:
 * big nodes take the work only they can do), oldest first within it. Cost per take:
 * O(G·W + log n) — G ≤ 8 groups per priority, W = 5 words of class bitset — plus O(log n) per
 * skipped entry (≤ SKIP_LIMIT per bucket); independent of the number of fragments or nodes.
 */
export class FragmentQueue {
  private readonly _buckets: (IndexedHeap<FragmentRecord> | undefined)[] = new Array(GROUP_COUNT * MEMORY_CLASS_COUNT);
  private readonly _nonEmpty = Array.from({ length: GROUP_COUNT }, () => new MemoryClassSet());
  private readonly _countByPriority = new Array<number>(PRIORITY_COUNT).fill(0);
  private _size = 0;

  get size(): number {
    return this._size;
  }

  /** Pending fragments per priority rank (low 0, normal 1, high 2). */
  countByPriority(): readonly number[] {
    return [...this._countByPriority];
  }

  push(record: FragmentRecord): void {
    const key = bucketKey(record.group, record.memoryClass);
    let bucket = this._buckets[key];
    if (!bucket) {
      bucket = new IndexedHeap<FragmentRecord>((a, b) => a.seq < b.seq);
      this._buckets[key] = bucket;
    }
    bucket.push(record);
    this._nonEmpty[record.group]!.add(record.memoryClass);
    this._counted(record, 1);
  }

  /** Removes a pending record (e.g. its job was cancelled); false if it was not queued. */
  remove(record: FragmentRecord): boolean {
    const bucket = this._buckets[bucketKey(record.group, record.memoryClass)];
    if (!bucket?.remove(record)) return false;
    this._afterRemoval(record, bucket);
    return true;
  }

  /** Removes and returns the best fragment for the taker, or undefined. */
  take(taker: Taker): FragmentRecord | undefined {
    const highestClass = highestClassFor(taker.freeBytes);
    const stake = taker.activeStakeWei ?? 0n;
    for (const groups of eligibleGroups(taker.hasGpu, taker.tierRank, stake > 0n)) {
      const found = this._takeFromGroups(groups, highestClass, taker);
      if (found) return found;
    }
    return undefined;
  }

  /** Merges the groups' buckets from the largest class down; tie on class: oldest head first. */
  private _takeFromGroups(groups: readonly number[], highestClass: number, taker: Taker): FragmentRecord | undefined {
    const limits = groups.map(() => highestClass);
    for (;;) {
      let best = -1;
      let bestClass = -1;
      let bestSeq = Infinity;
      for (let i = 0; i < groups.length; i++) {
        const memoryClass = this._nonEmpty[groups[i]!]!.highestAtMost(limits[i]!);
        if (memoryClass < 0 || memoryClass < bestClass) continue;
        const seq = this._buckets[bucketKey(groups[i]!, memoryClass)]!.peek()!.seq;
        if (memoryClass > bestClass || seq < bestSeq) [best, bestClass, bestSeq] = [i, memoryClass, seq];
      }
      if (best < 0) return undefined;
      const found = this._takeFromBucket(groups[best]!, bestClass, taker);
      if (found) return found;
      limits[best] = bestClass - 1;
    }
  }

  private _takeFromBucket(group: number, memoryClass: number, taker: Taker): FragmentRecord | undefined {
    const bucket = this._buckets[bucketKey(group, memoryClass)]!;
    const skipped: FragmentRecord[] = [];
    const reserved: FragmentRecord[] = [];
    let found: FragmentRecord | undefined;
    while (!found && skipped.length < SKIP_LIMIT) {
      const record = bucket.pop();
      if (!record) break;
      if (taker.reserved?.(record)) {
        reserved.push(record);
        continue;
      }
      if (record.needBytes <= taker.freeBytes && record.minStakeWei <= (taker.activeStakeWei ?? 0n) && !taker.excluded(record)) found = record;
      else skipped.push(record);
    }
    for (const record of skipped) bucket.push(record);
    for (const record of reserved) bucket.push(record);
    if (found) this._afterRemoval(found, bucket);
    return found;
  }

  private _afterRemoval(record: FragmentRecord, bucket: IndexedHeap<FragmentRecord>): void {
    if (bucket.size === 0) this._nonEmpty[record.group]!.delete(record.memoryClass);
    this._counted(record, -1);
  }

  private _counted(record: FragmentRecord, delta: number): void {
    this._size += delta;
    this._countByPriority[Math.floor(record.group / GROUPS_PER_PRIORITY)] += delta;
  }
}

function bucketKey(group: number, memoryClass: number): number {
  return group * MEMORY_CLASS_COUNT + memoryClass;
}
