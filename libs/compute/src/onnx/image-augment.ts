import { SeededRandom } from '../random/seeded-random';

/** An image-like row: `height × width × channels` values, row-major, channels last. */
export interface ImageLayout {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

/** What to draw per row: a horizontal flip with probability `flip`, a shift of up to `shift` pixels each way. */
export interface ImageAugmentation extends ImageLayout {
  readonly flip: number;
  readonly shift: number;
  readonly seed: number;
}

/** The transform drawn for one row. */
export interface RowTransform {
  readonly flipped: boolean;
  readonly dx: number;
  readonly dy: number;
}

/**
 * The transform of row `row` (its index in the dataset, so it does not depend on how the job is
 * sliced): seeded by (seed, row), so any node replays it exactly.
 */
export function rowTransform(options: ImageAugmentation, row: number): RowTransform {
  const random = new SeededRandom(Math.imul(options.seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(row + 1, 0xc2b2ae35));
  const flipped = random.next() < options.flip;
  const span = 2 * options.shift + 1;
  return { flipped, dx: random.int(span) - options.shift, dy: random.int(span) - options.shift };
}

/**
 * The `source` (int64) and `mask` (float) feeds of the image-augment graph for `rows` rows from
 * `firstRow`: output pixel (r, c) of a row is input pixel (r − dy, c' ) where c' = c − dx, mirrored
 * (width − 1 − c') when the row is flipped; pixels shifted in from outside the image are 0.
 */
export function imageAugmentation(options: ImageAugmentation, firstRow: number, rows: number): { source: BigInt64Array; mask: Float32Array } {
  const { height, width, channels } = options;
  const features = height * width * channels;
  const source = new BigInt64Array(rows * features);
  const mask = new Float32Array(rows * features);
  for (let n = 0; n < rows; n++) {
    const { flipped, dx, dy } = rowTransform(options, firstRow + n);
    for (let r = 0; r < height; r++) {
      for (let c = 0; c < width; c++) {
        const [sr, shifted] = [r - dy, c - dx];
        const inside = sr >= 0 && sr < height && shifted >= 0 && shifted < width;
        const sc = flipped ? width - 1 - shifted : shifted;
        for (let ch = 0; ch < channels; ch++) {
          const at = n * features + (r * width + c) * channels + ch;
          source[at] = inside ? BigInt((sr * width + sc) * channels + ch) : 0n;
          mask[at] = inside ? 1 : 0;
        }
      }
    }
  }
  return { source, mask };
}
