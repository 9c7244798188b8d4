import type { TensorRow } from './tensor-rows';
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
 * An output's rows as CSV records: a header (`row`, then the columns), then one record per row,
 * headed by its row number in the dataset. Floats are written as the shortest decimal that
 * reads back as the same float32; int64 values as integers.
 */
export async function* outputRecords(rows: AsyncIterable<TensorRow>, firstRow: number, columns: readonly string[]): AsyncGenerator<string[]> {
  yield ['row', ...columns];
  let row = firstRow;
  for await (const values of rows) yield [String(row++), ...values.map((v) => (typeof v === 'bigint' ? String(v) : float32Text(v)))];
}
