import type { TensorMap } from '@corex/compute';
import type { DatasetRegisteredData } from '@corex/events';

type Described = Pick<DatasetRegisteredData, 'rows' | 'featureNames' | 'classNames' | 'targetName' | 'labelName' | 'outputColumnIndex'>;

/**
 * A dataset's rows as CSV records, header first, in the upload's column order: features, and
 * the label (its class names) or the target at the place it was uploaded. A dataset registered
 * before the label column's name was kept has its label last, headed `label`.
 */
export function* datasetRecords(d: Described, tensors: TensorMap): Generator<string[]> {
  const x = tensors['x']!.data as Float32Array;
  const y = tensors['y']?.data as BigInt64Array | undefined;
  const t = tensors['t']?.data as Float32Array | undefined;
  const width = d.featureNames.length;
  const outputName = d.targetName ?? d.labelName ?? (y ? 'label' : undefined);
  const at = outputName === undefined ? -1 : Math.min(d.outputColumnIndex ?? width, width);
  const place = (cells: string[], output: string) => (at < 0 ? cells : [...cells.slice(0, at), output, ...cells.slice(at)]);
  yield place([...d.featureNames], outputName ?? '');
  for (let r = 0; r < d.rows; r++) {
    const cells = new Array<string>(width);
    for (let f = 0; f < width; f++) cells[f] = float32Text(x[r * width + f]!);
    yield place(cells, t ? float32Text(t[r]!) : y ? d.classNames[Number(y[r])]! : '');
  }
}

/**
 * The shortest decimal that reads back as the same float32 (39.1, not 39.099998474121094).
 * Tries from 6 digits: a normal float32 is within 6e-8 (relative) of any decimal of fewer digits
 * that reads back as it, so rounding it to 6 digits gives that decimal (trailing zeros dropped):
 * the same answer as trying from 1, at a third of the cost (CSV downloads spend most of their
 * time here). A subnormal (below 1.2e-38) may get more digits than it needs; it still reads back.
 */
export function float32Text(value: number): string {
  for (let digits = 6; digits < 9; digits++) {
    const text = String(Number(value.toPrecision(digits)));
    if (Math.fround(Number(text)) === value) return text;
  }
  return String(Number(value.toPrecision(9)));
}
