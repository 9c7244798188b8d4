/**
 * Which leases occupy this node's slots, and what it can still offer: free slots, and a share of
 * the memory budget per free slot (the node cannot know a fragment's footprint before running it).
 */
export class SlotAccounting {
  private readonly leases = new Set<string>();

  constructor(
    readonly capacity: number,
    readonly memoryBudgetBytes: number,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`slots must be a positive integer, got ${capacity}`);
  }

  get free(): number {
    return Math.max(0, this.capacity - this.leases.size);
  }

  get leaseIds(): string[] {
    return [...this.leases];
  }

  occupy(leaseId: string): void {
    this.leases.add(leaseId);
  }

  /** Frees the lease's slot; false when it held none. */
  vacate(leaseId: string): boolean {
    return this.leases.delete(leaseId);
  }

  /** The memory to offer: the free slots' share of the budget, never more than the system has free. */
  freeMemoryBytes(systemFreeBytes: number): number {
    const share = Math.floor((this.memoryBudgetBytes * this.free) / this.capacity);
    return Math.max(0, Math.min(share, Math.floor(systemFreeBytes)));
  }
}
