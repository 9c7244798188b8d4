import { parseCsv } from './csv';

function codeOf(run: () => unknown): unknown {
  try {
    run();
  } catch (err) {
    return { code: (err as { code: string }).code, details: (err as { details?: unknown }).details };
  }
  return 'no error';
}

describe('parseCsv', () => {
  it('reads a header and rows with LF or CRLF line ends and no trailing newline', () => {
    expect(parseCsv('a,b\n1,2\r\n3,4')).toEqual({ columns: ['a', 'b'], rows: [['1', '2'], ['3', '4']] });
  });

  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    const table = parseCsv('name,"note, long"\n"x ""y""","one\ntwo"\n');
    expect(table).toEqual({ columns: ['name', 'note, long'], rows: [['x "y"', 'one\ntwo']] });
  });

  it('skips blank lines and a byte-order mark, and keeps empty fields', () => {
    expect(parseCsv('\ufeffa,b\n\n1,\n\n')).toEqual({ columns: ['a', 'b'], rows: [['1', '']] });
  });

  it('keeps a quoted empty single field as a row, not a blank line', () => {
    expect(parseCsv('a\n""\n')).toEqual({ columns: ['a'], rows: [['']] });
  });

  it('refuses a row with the wrong number of fields, naming the row and the line', () => {
    expect(codeOf(() => parseCsv('a,b\n1,2\n\n3\n'))).toEqual({
      code: 'DATASET.CSV_MALFORMED',
      details: { row: 2, line: 4, expected: 2, found: 1 },
    });
  });

  it('refuses an unclosed quote, a stray quote and text after a closing quote', () => {
    expect(codeOf(() => parseCsv('a\n"open\n'))).toMatchObject({ code: 'DATASET.CSV_MALFORMED', details: { line: 2 } });
    expect(codeOf(() => parseCsv('a\nx"y\n'))).toMatchObject({ code: 'DATASET.CSV_MALFORMED', details: { line: 2 } });
    expect(codeOf(() => parseCsv('a\n"x"y\n'))).toMatchObject({ code: 'DATASET.CSV_MALFORMED', details: { line: 2 } });
  });

  it('refuses an empty text as having no header', () => {
    expect(codeOf(() => parseCsv('\n\n'))).toMatchObject({ code: 'DATASET.EMPTY' });
  });
});
