import fc from 'fast-check';
import { groupInputBlocks } from './input-blocks';

const fragment = (start: number, end: number) => ({ rowRange: [start, end] as const });

describe('groupInputBlocks', () => {
  it('puts adjacent fragments in one block while it stays within its byte and fragment limits', () => {
    const fragments = [fragment(0, 10), fragment(10, 20), fragment(20, 30), fragment(30, 40), fragment(40, 45)];
    const blocks = groupInputBlocks(fragments, { bytesPerRow: 4, maxBytes: 80, maxFragments: 10 });
    expect(blocks.map((b) => [b.rows, b.fragments.length])).toEqual([
      [[0, 20], 2],
      [[20, 40], 2],
      [[40, 45], 1],
    ]);
    expect(groupInputBlocks(fragments, { bytesPerRow: 1, maxBytes: 1_000, maxFragments: 3 }).map((b) => b.rows)).toEqual([
      [0, 30],
      [30, 45],
    ]);
  });

  it('gives a fragment larger than a block a block of its own, and never spans a gap', () => {
    const blocks = groupInputBlocks([fragment(0, 5), fragment(5, 100), fragment(100, 102), fragment(110, 111)], { bytesPerRow: 1, maxBytes: 10, maxFragments: 8 });
    expect(blocks.map((b) => b.rows)).toEqual([
      [0, 5],
      [5, 100],
      [100, 102],
      [110, 111],
    ]);
  });

  it('places every fragment in exactly one block that holds all its rows, whatever the order it came in', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 9 }), (sizes, maxBytes, maxFragments) => {
        let at = 0;
        const fragments = sizes.map((n) => fragment(at, (at += n)));
        const blocks = groupInputBlocks([...fragments].reverse(), { bytesPerRow: 2, maxBytes, maxFragments });
        expect(blocks.flatMap((b) => b.fragments)).toEqual(fragments);
        for (const block of blocks) {
          expect(block.fragments.length).toBeLessThanOrEqual(maxFragments);
          for (const f of block.fragments) expect(f.rowRange[0] >= block.rows[0] && f.rowRange[1] <= block.rows[1]).toBe(true);
          if (block.fragments.length > 1) expect((block.rows[1] - block.rows[0]) * 2).toBeLessThanOrEqual(maxBytes);
        }
      }),
    );
  });
});
