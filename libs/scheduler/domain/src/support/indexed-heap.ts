/** Something a heap can hold: the heap keeps the item's position here (-1 when outside). */
export interface HeapItem {
  heapIndex: number;
}

/**
 * Binary min-heap that knows where each item sits, so it can remove or re-key any item in
 * O(log n). An item is in at most one heap at a time.
 */
export class IndexedHeap<T extends HeapItem> {
  private readonly _items: T[] = [];

  /** `before(a, b)`: a comes out first. */
  constructor(private readonly _before: (a: T, b: T) => boolean) {}

  get size(): number {
    return this._items.length;
  }

  peek(): T | undefined {
    return this._items[0];
  }

  push(item: T): void {
    item.heapIndex = this._items.length;
    this._items.push(item);
    this._up(item.heapIndex);
  }

  pop(): T | undefined {
    const top = this._items[0];
    if (top) this.remove(top);
    return top;
  }

  /** Removes the item if it is in this heap; returns whether it was. */
  remove(item: T): boolean {
    const index = item.heapIndex;
    if (index < 0 || this._items[index] !== item) return false;
    const last = this._items.pop()!;
    item.heapIndex = -1;
    if (last !== item) {
      this._place(last, index);
      this._down(index);
      this._up(last.heapIndex);
    }
    return true;
  }

  /** Restores the order after the item's key changed. */
  update(item: T): void {
    this._up(item.heapIndex);
    this._down(item.heapIndex);
  }

  /**
   * Every item for which `matches` holds, provided `matches` holds for an item only if it holds
   * for everything ordered before it (e.g. "expires before t"). O(matches), not O(size).
   */
  leading(matches: (item: T) => boolean): T[] {
    const found: T[] = [];
    const pending = [0];
    while (pending.length > 0) {
      const index = pending.pop()!;
      const item = this._items[index];
      if (!item || !matches(item)) continue;
      found.push(item);
      pending.push(2 * index + 1, 2 * index + 2);
    }
    return found;
  }

  private _place(item: T, index: number): void {
    this._items[index] = item;
    item.heapIndex = index;
  }

  private _up(index: number): void {
    const item = this._items[index]!;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = this._items[parentIndex]!;
      if (!this._before(item, parent)) break;
      this._place(parent, index);
      index = parentIndex;
    }
    this._place(item, index);
  }

  private _down(index: number): void {
    const item = this._items[index]!;
    const count = this._items.length;
    for (;;) {
      let child = 2 * index + 1;
      if (child >= count) break;
      const right = child + 1;
      if (right < count && this._before(this._items[right]!, this._items[child]!)) child = right;
      if (!this._before(this._items[child]!, item)) break;
      this._place(this._items[child]!, index);
      index = child;
    }
    this._place(item, index);
  }
}
