import { ValidationError } from '@corex/platform';
import { MAX_COLUMNS, type Table } from './table';

const malformed = (message: string, details: Record<string, unknown>) => new ValidationError('DATASET.CSV_MALFORMED', message, details);

/**
 * RFC 4180 CSV with a header row: comma separated, CRLF or LF line ends, fields in double
 * quotes may hold commas, line breaks and doubled quotes. Blank lines are skipped; every
 * record must have as many fields as the header. Errors name the 1-based line.
 */
export function parseCsv(text: string): Table {
  const records = readRecords(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  const header = records.shift();
  if (!header) throw new ValidationError('DATASET.EMPTY', 'the CSV has no header row');
  if (header.fields.length > MAX_COLUMNS) {
    throw new ValidationError('DATASET.TOO_MANY_COLUMNS', `at most ${MAX_COLUMNS} columns`, { columns: header.fields.length });
  }
  const rows = records.map(({ fields, line }, i) => {
    if (fields.length !== header.fields.length) {
      throw malformed(`row ${i + 1} (line ${line}) has ${fields.length} fields, the header has ${header.fields.length}`, {
        row: i + 1,
        line,
        expected: header.fields.length,
        found: fields.length,
      });
    }
    return fields;
  });
  return { columns: header.fields.map((c) => c.trim()), rows };
}

interface CsvRecord {
  fields: string[];
  line: number;
}

function readRecords(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let line = 1;
  let start = 1;
  let i = 0;
  let quotedSeen = false;
  while (i <= text.length) {
    let value: string;
    if (text[i] === '"') {
      const quoted = readQuoted(text, i, line);
      value = quoted.value;
      line += quoted.lines;
      i = quoted.end;
      quotedSeen = true;
      if (i < text.length && !',\r\n'.includes(text[i]!)) throw malformed(`text after a closing quote on line ${line}`, { line });
    } else {
      const end = nextDelimiter(text, i);
      value = text.slice(i, end);
      if (value.includes('"')) throw malformed(`a quote inside an unquoted field on line ${line}`, { line });
      i = end;
    }
    fields.push(value);
    if (text[i] === ',') {
      i++;
      continue;
    }
    // End of record: a line break or the end of the text.
    const blank = fields.length === 1 && fields[0] === '' && !quotedSeen;
    if (!blank) records.push({ fields, line: start });
    fields = [];
    quotedSeen = false;
    if (i >= text.length) break;
    i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
    line++;
    start = line;
  }
  return records;
}

function nextDelimiter(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 44 || c === 10 || c === 13) return i; // , \n \r
  }
  return text.length;
}

/** Reads a quoted field from its opening quote: the value, the line breaks inside it and the index after it. */
function readQuoted(text: string, open: number, line: number): { value: string; lines: number; end: number } {
  const parts: string[] = [];
  let from = open + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote < 0) throw malformed(`a quoted field opened on line ${line} is never closed`, { line });
    parts.push(text.slice(from, quote));
    if (text[quote + 1] !== '"') {
      const value = parts.join('"');
      return { value, lines: value.split('\n').length - 1, end: quote + 1 };
    }
    from = quote + 2;
  }
}
