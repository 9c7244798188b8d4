import fc from 'fast-check';
import { IndexedHeap } from './indexed-heap';

interface Item {
  key: number;
  heapIndex: number;
}

const heapOf = (keys: number[]) => {
  const heap = new IndexedHeap<Item>((a, b) => a.key < b.key);
  const items = keys.map((key) => ({ key, heapIndex: -1 }));
  items.forEach((item) => heap.push(item));
  return { heap, items };
};

const drain = (heap: IndexedHeap<Item>) => {
  const keys: number[] = [];
  for (let item = heap.pop(); item; item = heap.pop()) keys.push(item.key);
  return keys;
};

describe('IndexedHeap', () => {
  it('pops in key order after removals and re-keys anywhere in the heap', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 60 }), fc.array(fc.nat()), (keys, picks) => {
        const { heap, items } = heapOf(keys);
        const kept = new Set(items);
        picks.forEach((pick, i) => {
          const item = items[pick % Math.max(1, items.length)];
          if (!item || !kept.has(item)) return;
          if (i % 2 === 0) {
            expect(heap.remove(item)).toBe(true);
            kept.delete(item);
          } else {
            item.key = (item.key * 7 + pick) % 51;
            heap.update(item);
          }
        });
        expect(drain(heap)).toEqual([...kept].map((item) => item.key).sort((a, b) => a - b));
      }),
    );
  });

  it('refuses to remove an item it does not hold', () => {
    const { heap, items } = heapOf([3, 1, 2]);
    const stranger = { key: 1, heapIndex: items[0]!.heapIndex };
    expect(heap.remove(stranger)).toBe(false);
    expect(heap.size).toBe(3);
  });

  it('lists exactly the leading items that match a monotone predicate', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100 })), fc.integer({ min: -1, max: 101 }), (keys, cut) => {
        const { heap } = heapOf(keys);
        const leading = heap.leading((item) => item.key <= cut).map((item) => item.key);
        expect(leading.sort((a, b) => a - b)).toEqual(keys.filter((key) => key <= cut).sort((a, b) => a - b));
      }),
    );
  });
});
