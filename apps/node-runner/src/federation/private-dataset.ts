import { parse } from 'csv-parse/sync';
import { ValidationError } from '@corex/platform';

/** At most this many feature columns and classes: what PrivateDatasetRegistered carries. */
export const MAX_FEATURES = 1024;
export const MAX_CLASSES = 1024;
const MAX_NAME = 100;
/** Cells read as "no value": their row is left out (counted in `skipped`), as rows with a missing measurement usually are. */
const MISSING = new Set(['', 'na', 'nan', 'null', 'n/a', '?']);

/** A labelled table kept only on this node: features row-major, class indices into `classNames`. */
export interface PrivateTable {
  readonly featureNames: readonly string[];
  readonly classNames: readonly string[];
  readonly rows: number;
  /** rows × featureNames.length values, row-major, as written in the file (float32 only when fed to a graph). */
  readonly features: Float64Array;
  readonly labels: Int32Array;
  /** Rows left out for a missing value. */
  readonly skipped: number;
}

export interface CsvTableOptions {
  /** The column holding each row's class name. */
  readonly label: string;
  /**
   * The federation's class list, in index order. Absent: the distinct labels of the file, sorted.
   * Give it when this node may not hold every class, so that indices agree across members.
   */
  readonly classes?: readonly string[];
}

const invalid = (code: string, message: string, details: Record<string, unknown> = {}) => new ValidationError(code, message, details);

/**
 * Reads a CSV with a header row into a private table: every column but `label` is a numeric
 * feature; a row with a missing value is skipped; any other non-numeric feature value, or a label
 * outside `classes`, is an error naming its row (1-based, after the header) and column.
 */
export function parsePrivateCsv(text: string, options: CsvTableOptions): PrivateTable {
  const records = readRecords(text);
  const header = records[0]!.map((c) => c.trim());
  const labelColumn = header.indexOf(options.label);
  if (labelColumn < 0) throw invalid('DATASET.LABEL_UNKNOWN', `no column ${JSON.stringify(options.label)} (columns: ${header.join(', ')})`, { columns: header });
  const featureColumns = header.map((_, i) => i).filter((i) => i !== labelColumn);
  const featureNames = featureColumns.map((i) => header[i]!);
  checkNames(featureNames, 'feature');
  const kept: Array<{ values: number[]; label: string }> = [];
  let skipped = 0;
  records.slice(1).forEach((record, index) => {
    const label = record[labelColumn]!.trim();
    const cells = featureColumns.map((i) => record[i]!.trim());
    if (MISSING.has(label.toLowerCase()) || cells.some((c) => MISSING.has(c.toLowerCase()))) return void skipped++;
    kept.push({ values: cells.map((cell, k) => numeric(cell, index + 1, featureNames[k]!)), label });
  });
  const classNames = options.classes ? [...options.classes] : [...new Set(kept.map((r) => r.label))].sort();
  checkClasses(classNames);
  if (kept.length === 0) throw invalid('DATASET.EMPTY', `no complete row (${skipped} skipped for a missing value)`, { skipped });
  return tabulate(kept, featureNames, classNames, skipped);
}

function readRecords(text: string): string[][] {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, record_delimiter: ['\r\n', '\n', '\r'] }) as string[][];
  } catch (err) {
    throw invalid('DATASET.CSV_MALFORMED', `the CSV is malformed: ${(err as Error).message}`);
  }
  if (records.length === 0) throw invalid('DATASET.EMPTY', 'the CSV has no header row');
  if (records[0]!.length < 2) throw invalid('DATASET.CSV_MALFORMED', 'the CSV needs a label column and at least one feature column');
  return records;
}

function numeric(cell: string, row: number, column: string): number {
  const value = Number(cell);
  if (!Number.isFinite(value)) throw invalid('DATASET.FEATURE_NOT_NUMERIC', `row ${row}, column ${column}: ${JSON.stringify(cell.slice(0, 40))} is not a number`, { row, column });
  return value;
}

function checkNames(names: readonly string[], what: string): void {
  if (names.length > MAX_FEATURES) throw invalid('DATASET.TOO_MANY_COLUMNS', `at most ${MAX_FEATURES} ${what} columns`, { count: names.length });
  const bad = names.find((n) => n.length === 0 || n.length > MAX_NAME);
  if (bad !== undefined) throw invalid('DATASET.NAME_INVALID', `${what} names must have 1-${MAX_NAME} characters (${JSON.stringify(bad.slice(0, 120))})`);
  if (new Set(names).size !== names.length) throw invalid('DATASET.NAME_INVALID', `${what} names must be distinct`);
}

function checkClasses(classNames: readonly string[]): void {
  checkNames(classNames, 'class');
  if (classNames.length < 2 || classNames.length > MAX_CLASSES) {
    throw invalid('DATASET.CLASSES_INVALID', `a classifier needs 2-${MAX_CLASSES} classes, found ${classNames.length} (give the federation's list with --classes)`, { classNames });
  }
}

function tabulate(kept: ReadonlyArray<{ values: number[]; label: string }>, featureNames: string[], classNames: string[], skipped: number): PrivateTable {
  const width = featureNames.length;
  const features = new Float64Array(kept.length * width);
  const labels = new Int32Array(kept.length);
  kept.forEach((record, row) => {
    const index = classNames.indexOf(record.label);
    if (index < 0) throw invalid('DATASET.CLASS_UNKNOWN', `label ${JSON.stringify(record.label)} is not one of the classes ${classNames.join(', ')}`, { label: record.label });
    features.set(record.values, row * width);
    labels[row] = index;
  });
  return { featureNames, classNames, rows: kept.length, features, labels, skipped };
}
