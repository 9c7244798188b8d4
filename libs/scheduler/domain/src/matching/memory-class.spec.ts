import fc from 'fast-check';
import { highestClassFor, MEMORY_CLASS_COUNT, memoryClassOf, MemoryClassSet } from './memory-class';

const KiB = 1024;

describe('memory classes', () => {
  it('puts everything up to 64 KiB in class 0 and grows by four classes per doubling', () => {
    expect(memoryClassOf(1)).toBe(0);
    expect(memoryClassOf(64 * KiB)).toBe(0);
    expect(memoryClassOf(64 * KiB + 1)).toBe(1);
    expect(memoryClassOf(128 * KiB)).toBe(4);
    expect(memoryClassOf(128 * KiB + 1)).toBe(5);
    expect(memoryClassOf(Number.MAX_SAFE_INTEGER)).toBe(MEMORY_CLASS_COUNT - 1);
  });

  it('never orders a larger need into a lower class', () => {
    fc.assert(
      fc.property(fc.nat({ max: 2 ** 50 }), fc.nat({ max: 2 ** 50 }), (a, b) => {
        const [small, large] = a <= b ? [a, b] : [b, a];
        expect(memoryClassOf(small)).toBeLessThanOrEqual(memoryClassOf(large));
      }),
    );
  });

  it('lets a node look no higher than the class its free memory falls in', () => {
    fc.assert(
      fc.property(fc.nat({ max: 2 ** 45 }), fc.nat({ max: 2 ** 45 }), (need, free) => {
        if (need <= free) expect(memoryClassOf(need)).toBeLessThanOrEqual(highestClassFor(free));
      }),
    );
  });

  it('finds the highest member at or below a limit across words', () => {
    const set = new MemoryClassSet();
    [3, 31, 32, 70, MEMORY_CLASS_COUNT - 1].forEach((c) => set.add(c));
    expect(set.highestAtMost(MEMORY_CLASS_COUNT - 1)).toBe(MEMORY_CLASS_COUNT - 1);
    expect(set.highestAtMost(69)).toBe(32);
    expect(set.highestAtMost(31)).toBe(31);
    expect(set.highestAtMost(30)).toBe(3);
    expect(set.highestAtMost(2)).toBe(-1);
    set.delete(32);
    expect(set.highestAtMost(69)).toBe(31);
  });
});
