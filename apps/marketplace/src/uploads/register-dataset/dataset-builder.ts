import { ValidationError } from '@corex/platform';
import type { TensorMap } from '@corex/compute';
import type { Cell, Table } from './table';

/**
 * Typed dataset: `x` float32 [rows, features]; when labelled, `y` int64 [rows] of class indices;
 * with a regression target, `t` float32 [rows].
 */
export interface BuiltDataset {
  rows: number;
  featureNames: string[];
  classNames: string[];
  targetName?: string;
  labelName?: string;
  /** Where the label or target column stood among the uploaded columns. */
  outputColumnIndex?: number;
  tensors: TensorMap;
}

/** Which column holds the labels (classification) or the target (regression); at most one of them. */
export interface OutputColumn {
  label?: string;
  target?: string;
}

const INITIAL_ROWS = 1024;
/** DatasetRegistered holds at most this many class names; refused as soon as the next one appears. */
export const MAX_CLASSES = 1024;

/**
 * Types a table row by row as it arrives: every column but the label must be numeric; label
 * values (any text) become class indices, classes numbered in first-seen order; the target
 * column is numeric and kept apart from the features. Typed arrays grow by doubling, so memory
 * is that of the tensors (4 bytes a cell), never that of the text. Errors name the 1-based data
 * row and the column. Row and feature counts are the decider's to judge.
 */
export class DatasetBuilder {
  private readonly labelIndex: number;
  private readonly targetIndex: number;
  private readonly featureIndexes: number[];
  private readonly classes = new Map<string, number>();
  private x: Float32Array;
  private y: BigInt64Array;
  private t: Float32Array;
  private rows = 0;

  constructor(
    private readonly columns: string[],
    private readonly output: OutputColumn = {},
  ) {
    checkColumns(columns);
    if (output.label !== undefined && output.target !== undefined) {
      throw new ValidationError('DATASET.LABEL_AND_TARGET', 'give a label column (classification) or a target column (regression), not both');
    }
    this.labelIndex = indexOf(columns, output.label, 'DATASET.LABEL_UNKNOWN', 'label');
    this.targetIndex = indexOf(columns, output.target, 'DATASET.TARGET_UNKNOWN', 'target');
    this.featureIndexes = columns.map((_, i) => i).filter((i) => i !== this.labelIndex && i !== this.targetIndex);
    this.x = new Float32Array(INITIAL_ROWS * this.featureIndexes.length);
    this.y = new BigInt64Array(this.labelIndex < 0 ? 0 : INITIAL_ROWS);
    this.t = new Float32Array(this.targetIndex < 0 ? 0 : INITIAL_ROWS);
  }

  /** Types one row of cells (a missing trailing cell is null). */
  add(cells: readonly Cell[]): void {
    const r = this.rows;
    const row = r + 1;
    this.ensureCapacity(row);
    const width = this.featureIndexes.length;
    for (let f = 0; f < width; f++) {
      const c = this.featureIndexes[f]!;
      this.x[r * width + f] = toNumber(cells[c] ?? null, row, this.columns[c]!);
    }
    if (this.targetIndex >= 0) this.t[r] = toNumber(cells[this.targetIndex] ?? null, row, this.output.target!);
    if (this.labelIndex >= 0) {
      const name = toClassName(cells[this.labelIndex] ?? null, row, this.output.label!);
      if (!this.classes.has(name)) {
        if (this.classes.size >= MAX_CLASSES) {
          throw new ValidationError('DATASET.TOO_MANY_CLASSES', `at most ${MAX_CLASSES} classes`, { classes: this.classes.size + 1, row });
        }
        this.classes.set(name, this.classes.size);
      }
      this.y[r] = BigInt(this.classes.get(name)!);
    }
    this.rows = row;
  }

  finish(): BuiltDataset {
    const rows = this.rows;
    const width = this.featureIndexes.length;
    const tensors: TensorMap = { x: { data: this.x.subarray(0, rows * width), dims: [rows, width] } };
    if (this.labelIndex >= 0) tensors.y = { data: this.y.subarray(0, rows), dims: [rows] };
    if (this.targetIndex >= 0) tensors.t = { data: this.t.subarray(0, rows), dims: [rows] };
    const built: BuiltDataset = { rows, featureNames: this.featureIndexes.map((i) => this.columns[i]!), classNames: [...this.classes.keys()], tensors };
    if (this.output.target !== undefined) built.targetName = this.output.target;
    if (this.output.label !== undefined) built.labelName = this.output.label;
    const outputIndex = Math.max(this.labelIndex, this.targetIndex);
    if (outputIndex >= 0) built.outputColumnIndex = outputIndex;
    return built;
  }

  private ensureCapacity(rows: number): void {
    const width = this.featureIndexes.length;
    if (rows * width <= this.x.length && (this.labelIndex < 0 || rows <= this.y.length) && (this.targetIndex < 0 || rows <= this.t.length)) return;
    const capacity = Math.max(INITIAL_ROWS, rows * 2);
    this.x = grown(this.x, capacity * width, Float32Array);
    if (this.labelIndex >= 0) this.y = grown(this.y, capacity, BigInt64Array);
    if (this.targetIndex >= 0) this.t = grown(this.t, capacity, Float32Array);
  }
}

/** Types a whole table (JSON uploads): see DatasetBuilder. */
export function buildDataset(table: Table, output: OutputColumn = {}): BuiltDataset {
  const builder = new DatasetBuilder(table.columns, output);
  for (const cells of table.rows) builder.add(cells);
  return builder.finish();
}

function grown<A extends Float32Array | BigInt64Array>(array: A, length: number, Type: new (length: number) => A): A {
  if (array.length >= length) return array;
  const next = new Type(length);
  next.set(array as never);
  return next;
}

function indexOf(columns: string[], name: string | undefined, code: string, what: string): number {
  if (name === undefined) return -1;
  const index = columns.indexOf(name);
  if (index < 0) throw new ValidationError(code, `no column named ${JSON.stringify(name)} for the ${what}`, { [what]: name, columns: columns.slice(0, 50) });
  return index;
}

function checkColumns(columns: string[]): void {
  const seen = new Set<string>();
  for (const column of columns) {
    if (!column) throw new ValidationError('DATASET.COLUMN_NAME_INVALID', 'every column needs a name');
    if (seen.has(column)) throw new ValidationError('DATASET.COLUMNS_DUPLICATE', `column ${JSON.stringify(column)} appears twice`, { column });
    seen.add(column);
  }
}

function toNumber(cell: Cell, row: number, column: string): number {
  const text = typeof cell === 'string' ? cell.trim() : cell;
  if (text === null || text === '') throw badValue(row, column, 'missing value');
  const value = typeof text === 'number' ? text : isDecimal(text) ? Number(text) : NaN;
  // Stored as float32: a value beyond its range would become Infinity.
  if (!Number.isFinite(Math.fround(value))) throw badValue(row, column, `not a finite number: ${JSON.stringify(String(text).slice(0, 40))}`);
  return value;
}

/**
 * Only decimal notation (digits, sign, point, exponent): no hexadecimal, binary, `Infinity` or
 * separators, which Number() would also read. Number() then refuses a wrong arrangement of them
 * (NaN). A loop over char codes, where a regular expression cost most of the typing time.
 */
function isDecimal(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // 0-9 + - . e E
    if (!((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46 || c === 101 || c === 69)) return false;
  }
  return true;
}

function toClassName(cell: Cell, row: number, column: string): string {
  const text = cell === null ? '' : String(cell).trim();
  if (!text) throw badValue(row, column, 'missing label');
  return text;
}

function badValue(row: number, column: string, why: string): ValidationError {
  return new ValidationError('DATASET.VALUE_INVALID', `row ${row}, column ${JSON.stringify(column)}: ${why}`, { row, column });
}
