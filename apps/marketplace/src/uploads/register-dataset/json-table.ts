import { ValidationError } from '@corex/platform';
import { MAX_COLUMNS, type Cell, type Table } from './table';

const invalid = (message: string, details: Record<string, unknown> = {}) => new ValidationError('DATASET.JSON_INVALID', message, details);

/**
 * A JSON array of flat objects as a table. Columns are the keys in first-seen order; a key
 * missing from a row is a missing cell. Values must be numbers, strings or null.
 */
export function tableFromJson(value: unknown): Table {
  if (!Array.isArray(value)) throw invalid('the body must be a JSON array of objects');
  const index = new Map<string, number>();
  const records = value.map((item, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw invalid(`row ${i + 1} is not an object`, { row: i + 1 });
    for (const key of Object.keys(item)) {
      if (index.has(key)) continue;
      if (index.size >= MAX_COLUMNS) throw new ValidationError('DATASET.TOO_MANY_COLUMNS', `at most ${MAX_COLUMNS} columns`);
      index.set(key, index.size);
    }
    return item as Record<string, unknown>;
  });
  const columns = [...index.keys()];
  const rows = records.map((record, i) =>
    columns.map((column): Cell => {
      const cell = record[column];
      if (cell === undefined || cell === null) return null;
      if (typeof cell === 'number' || typeof cell === 'string') return cell;
      throw invalid(`row ${i + 1}, column ${JSON.stringify(column)}: values must be numbers, strings or null`, { row: i + 1, column });
    }),
  );
  return { columns, rows };
}
