import { pipeline } from 'node:stream/promises';
import { CsvError, parse } from 'csv-parse';
import { ValidationError } from '@corex/platform';
import { assertStorableStrings, BODY_LIMITS, type StringLimits } from '../../http/request-strings';
import { DatasetBuilder, type BuiltDataset, type OutputColumn } from './dataset-builder';
import { MAX_COLUMNS } from './table';

/** Column and class names are stored in DatasetRegistered, which holds at most these. */
export const NAME_LIMITS: StringLimits = { ...BODY_LIMITS, value: 100 };
/** One record's text at most (1025 cells of the 4096 characters a cell may have, and their quotes). */
const MAX_RECORD_CHARS = 8 * 1024 * 1024;

const malformed = (message: string, details: Record<string, unknown>) => new ValidationError('DATASET.CSV_MALFORMED', message, details);

/**
 * Reads an RFC 4180 CSV with a header row as it streams in, through csv-parse: comma separated,
 * CRLF, LF or CR line ends, a byte-order mark skipped, fields in double quotes holding commas,
 * line breaks and doubled quotes, blank lines skipped. Each record is typed into the dataset's
 * tensors as it arrives, so only the tensors are held, never the text. Every record must have
 * as many fields as the header; errors name the 1-based data row and the line.
 */
export async function readCsvDataset(body: AsyncIterable<Uint8Array>, output: OutputColumn = {}): Promise<BuiltDataset> {
  let builder: DatasetBuilder | undefined;
  let columns = 0;
  let row = 0;
  // Without `info` (it tripled the parse time): csv-parse itself refuses a record whose length
  // differs from the header's, naming its line.
  const parser = parse({ bom: true, skip_empty_lines: true, record_delimiter: ['\r\n', '\n', '\r'], max_record_size: MAX_RECORD_CHARS });
  const consume = async (records: AsyncIterable<string[]>) => {
    for await (const record of records) {
      if (!builder) {
        builder = new DatasetBuilder(readHeader(record), output);
        columns = record.length;
        continue;
      }
      assertStorableStrings(record, `body.rows[${row}]`);
      builder.add(record);
      row++;
    }
  };
  try {
    await pipeline(body, validUtf8, parser, consume);
  } catch (err) {
    if (err instanceof CsvError) throw malformedCsv(err, columns);
    throw err;
  }
  if (!builder) throw new ValidationError('DATASET.EMPTY', 'the CSV has no header row');
  return builder.finish();
}

function malformedCsv(err: CsvError, expected: number): ValidationError {
  const line = err['lines'] as number;
  if (err.code !== 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH') return malformed(`the CSV is malformed: ${err.message}`, { line });
  // `records` counts the header and the rows before this one: it is this row's 1-based number.
  const row = err['records'] as number;
  const found = (err['record'] as string[]).length;
  // The parser runs ahead of the typing, so the header may not be read yet: its length is in the message.
  expected = Number(/expect (\d+),/.exec(err.message)?.[1] ?? expected);
  return malformed(`row ${row} (line ${line}) has ${found} fields, the header has ${expected}`, { row, line, expected, found });
}

function readHeader(record: string[]): string[] {
  if (record.length > MAX_COLUMNS) {
    throw new ValidationError('DATASET.TOO_MANY_COLUMNS', `at most ${MAX_COLUMNS} columns`, { columns: record.length });
  }
  const columns = record.map((c) => c.trim());
  assertStorableStrings(columns, 'body.columns', NAME_LIMITS);
  return columns;
}

/** Passes the bytes on unchanged once they are known to be UTF-8 (csv-parse would replace bad bytes silently). */
async function* validUtf8(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for await (const chunk of source) {
    checked(() => decoder.decode(chunk, { stream: true }));
    yield chunk;
  }
  checked(() => decoder.decode());
}

function checked(decode: () => unknown): void {
  try {
    decode();
  } catch {
    throw new ValidationError('DATASET.ENCODING_INVALID', 'the body must be UTF-8 text');
  }
}
