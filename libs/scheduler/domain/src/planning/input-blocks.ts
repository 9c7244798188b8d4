/** Rows [start, end) of a fragment, as planned. */
export interface RowRange {
  readonly rowRange: readonly [number, number];
}

/** One stored block of input rows and the fragments that read from it. */
export interface InputBlock<T extends RowRange> {
  /** Rows [start, end) of the data the block holds. */
  readonly rows: readonly [number, number];
  readonly fragments: readonly T[];
}

export interface BlockLimits {
  /** Bytes one row takes in a block. */
  readonly bytesPerRow: number;
  /** A block grows while it stays within this size (one fragment larger than it gets a block of its own). */
  readonly maxBytes: number;
  /** And while it serves no more fragments than this, so that nodes share the work of a block. */
  readonly maxFragments: number;
}

/**
 * How the planner sizes blocks: within one object-store chunk, and at most 64 fragments so that
 * several nodes share the work of a block.
 */
export const INPUT_BLOCK_LIMITS = { maxBytes: 512 * 1024, maxFragments: 64 } as const;

/**
 * Groups fragments that read adjacent rows into blocks of input stored once: planning stores a
 * blob per block rather than per fragment, and a node fetches and verifies a block once for
 * the fragments of it that it runs. Fragments are taken in row order; a block never spans a gap.
 */
export function groupInputBlocks<T extends RowRange>(fragments: readonly T[], limits: BlockLimits): InputBlock<T>[] {
  const ordered = [...fragments].sort((a, b) => a.rowRange[0] - b.rowRange[0]);
  const blocks: Array<{ rows: [number, number]; fragments: T[] }> = [];
  for (const fragment of ordered) {
    const [start, end] = fragment.rowRange;
    const open = blocks.at(-1);
    const fits = open && open.rows[1] === start && (end - open.rows[0]) * limits.bytesPerRow <= limits.maxBytes && open.fragments.length < limits.maxFragments;
    if (fits) {
      open.rows[1] = end;
      open.fragments.push(fragment);
    } else {
      blocks.push({ rows: [start, end], fragments: [fragment] });
    }
  }
  return blocks;
}
