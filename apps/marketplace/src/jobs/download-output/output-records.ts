import type { TensorData } from '@corex/compute';
import { float32Text } from '../../uploads/download-dataset/dataset-records';

/**
 * The column names of an output `width` wide: the names the job knows (class names for
 * probabilities, the dataset's features for a preprocessed shard, the target for a regressor's
 * prediction) when there is one per column, else `<output>_<i>` (`<output>` alone when 1 wide).
 */
export function outputColumns(output: string, width: number, known: readonly string[] | null | undefined): string[] {
  if (known && known.length === width) return [...known];
  if (width === 1) return [output];
  return Array.from({ length: width }, (_, i) => `${output}_${i}`);
}

/**
 * A `[rows, width]` (or `[rows]`) output tensor as CSV records: a header (`row`, then the
 * columns), then one record per row, headed by its row number in the dataset. Floats are
 * written as the shortest decimal that reads back as the same float32.
 */
export function* outputRecords(tensor: TensorData, firstRow: number, columns: readonly string[]): Generator<string[]> {
  const width = Number(tensor.dims[1] ?? 1);
  const rows = Number(tensor.dims[0] ?? 0);
  const text = tensor.data instanceof Float32Array ? (v: number | bigint) => float32Text(v as number) : (v: number | bigint) => String(v);
  yield ['row', ...columns];
  for (let r = 0; r < rows; r++) {
    const record = new Array<string>(width + 1);
    record[0] = String(firstRow + r);
    for (let c = 0; c < width; c++) record[c + 1] = text(tensor.data[r * width + c]!);
    yield record;
  }
}
