import { ValidationError } from '@corex/platform';
import type { TensorMap } from '@corex/compute';
import type { Cell, Table } from './table';

/** Typed dataset: `x` float32 [rows, features] and, when labelled, `y` int64 [rows] of class indices. */
export interface BuiltDataset {
  rows: number;
  featureNames: string[];
  classNames: string[];
  tensors: TensorMap;
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * Types a table: every column but the label must be numeric; label values (any text) become
 * class indices, classes numbered in first-seen order. Errors name the 1-based data row and
 * the column. Row and feature counts are the decider's to judge.
 */
export function buildDataset(table: Table, label?: string): BuiltDataset {
  checkColumns(table.columns);
  const labelIndex = label === undefined ? -1 : table.columns.indexOf(label);
  if (label !== undefined && labelIndex < 0) {
    throw new ValidationError('DATASET.LABEL_UNKNOWN', `no column named ${JSON.stringify(label)}`, { label, columns: table.columns.slice(0, 50) });
  }
  const featureIndexes = table.columns.map((_, i) => i).filter((i) => i !== labelIndex);
  const x = new Float32Array(table.rows.length * featureIndexes.length);
  const y = new BigInt64Array(labelIndex < 0 ? 0 : table.rows.length);
  const classes = new Map<string, number>();
  table.rows.forEach((cells, r) => {
    featureIndexes.forEach((c, f) => {
      x[r * featureIndexes.length + f] = toFeature(cells[c] ?? null, r + 1, table.columns[c]!);
    });
    if (labelIndex < 0) return;
    const name = toClassName(cells[labelIndex] ?? null, r + 1, label!);
    if (!classes.has(name)) classes.set(name, classes.size);
    y[r] = BigInt(classes.get(name)!);
  });
  const rows = table.rows.length;
  const tensors: TensorMap = { x: { data: x, dims: [rows, featureIndexes.length] } };
  if (labelIndex >= 0) tensors.y = { data: y, dims: [rows] };
  return { rows, featureNames: featureIndexes.map((i) => table.columns[i]!), classNames: [...classes.keys()], tensors };
}

function checkColumns(columns: string[]): void {
  const seen = new Set<string>();
  for (const column of columns) {
    if (!column) throw new ValidationError('DATASET.COLUMN_NAME_INVALID', 'every column needs a name');
    if (seen.has(column)) throw new ValidationError('DATASET.COLUMNS_DUPLICATE', `column ${JSON.stringify(column)} appears twice`, { column });
    seen.add(column);
  }
}

function toFeature(cell: Cell, row: number, column: string): number {
  const text = typeof cell === 'string' ? cell.trim() : cell;
  if (text === null || text === '') throw badValue(row, column, 'missing value');
  const value = typeof text === 'number' ? text : NUMBER.test(text) ? Number(text) : NaN;
  // Stored as float32: a value beyond its range would become Infinity.
  if (!Number.isFinite(Math.fround(value))) throw badValue(row, column, `not a finite number: ${JSON.stringify(String(text).slice(0, 40))}`);
  return value;
}

function toClassName(cell: Cell, row: number, column: string): string {
  const text = cell === null ? '' : String(cell).trim();
  if (!text) throw badValue(row, column, 'missing label');
  return text;
}

function badValue(row: number, column: string, why: string): ValidationError {
  return new ValidationError('DATASET.VALUE_INVALID', `row ${row}, column ${JSON.stringify(column)}: ${why}`, { row, column });
}
