import { runSession } from '../runtime/session';
import { imageAugmentation, rowTransform, type ImageAugmentation } from './image-augment';
import { buildPreprocess } from './preprocess';

// A 2×3 one-channel image, pixel values 1..6 row by row:  1 2 3 / 4 5 6
const image = Float32Array.of(1, 2, 3, 4, 5, 6);
const layout = { height: 2, width: 3, channels: 1 };

async function augment(options: ImageAugmentation, x: Float32Array, rows: number, firstRow = 0): Promise<Float32Array> {
  const features = x.length / rows;
  const { source, mask } = imageAugmentation(options, firstRow, rows);
  const feeds = { x: { data: x, dims: [rows, features] }, source: { data: source, dims: [rows, features] }, mask: { data: mask, dims: [rows, features] } };
  return (await runSession(buildPreprocess('image-augment', features), feeds))['y']!.data as Float32Array;
}

describe('image augmentation', () => {
  it('flips every row horizontally with flip probability 1', async () => {
    expect(Array.from(await augment({ ...layout, flip: 1, shift: 0, seed: 3 }, image, 1))).toEqual([3, 2, 1, 6, 5, 4]);
  });

  it('leaves rows as they are with flip probability 0 and no shift', async () => {
    expect(Array.from(await augment({ ...layout, flip: 0, shift: 0, seed: 3 }, image, 1))).toEqual(Array.from(image));
  });

  it('shifts by the drawn offsets and fills with zeros, flipping first when drawn', async () => {
    const options = { ...layout, flip: 0.5, shift: 1, seed: 11 };
    const rows = 24;
    const x = new Float32Array(rows * 6);
    for (let n = 0; n < rows; n++) x.set(image, n * 6);
    const y = await augment(options, x, rows);
    const seen = new Set<string>();
    for (let n = 0; n < rows; n++) {
      const { flipped, dx, dy } = rowTransform(options, n);
      seen.add(`${flipped}/${dx}/${dy}`);
      const expected = Array.from({ length: 6 }, (_, at) => {
        const [r, c] = [Math.floor(at / 3) - dy, (at % 3) - dx];
        if (r < 0 || r > 1 || c < 0 || c > 2) return 0;
        return image[r * 3 + (flipped ? 2 - c : c)]!;
      });
      expect(Array.from(y.subarray(n * 6, n * 6 + 6))).toEqual(expected);
    }
    // The draw covers flips and both directions of shift.
    expect(seen.size).toBeGreaterThan(6);
  });

  it('moves a 2-channel pixel with its channels together', async () => {
    const rgb = Float32Array.of(1, 10, 2, 20);
    expect(Array.from(await augment({ height: 1, width: 2, channels: 2, flip: 1, shift: 0, seed: 1 }, rgb, 1))).toEqual([2, 20, 1, 10]);
  });

  it('is deterministic: the same seed and rows give the same bytes however the rows are sliced', async () => {
    const options = { ...layout, flip: 0.5, shift: 1, seed: 5 };
    const x = Float32Array.from({ length: 8 * 6 }, (_, i) => i);
    const whole = await augment(options, x, 8);
    const halves = [...(await augment(options, x.subarray(0, 24), 4, 0)), ...(await augment(options, x.subarray(24), 4, 4))];
    expect(Buffer.from(whole.buffer).equals(Buffer.from(Float32Array.from(halves).buffer))).toBe(true);
    expect(Array.from(await augment({ ...options, seed: 6 }, x, 8))).not.toEqual(Array.from(whole));
  });
});

describe('buildPreprocess select-columns', () => {
  it('keeps the given columns in the given order', async () => {
    const x = { data: Float32Array.of(1, 2, 3, 4, 5, 6), dims: [2, 3] };
    const { y } = await runSession(buildPreprocess('select-columns', 3, 2), { x, columns: { data: BigInt64Array.of(2n, 0n), dims: [2] } });
    expect(y!.dims).toEqual([2, 2]);
    expect(Array.from(y!.data as Float32Array)).toEqual([3, 1, 6, 4]);
  });
});
