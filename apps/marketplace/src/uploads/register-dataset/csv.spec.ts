import { readCsvDataset } from './csv';
import type { OutputColumn } from './dataset-builder';

/** The text in chunks of `size` bytes, so that records, quotes and characters split across chunks. */
async function* chunked(text: string | Uint8Array, size = 3): AsyncGenerator<Uint8Array> {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

const read = (text: string | Uint8Array, output?: OutputColumn) => readCsvDataset(chunked(text), output);
const features = async (text: string, output?: OutputColumn) => {
  const built = await read(text, output);
  return { columns: built.featureNames, x: Array.from(built.tensors.x!.data as Float32Array), rows: built.rows };
};

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (err) {
    return { code: (err as { code: string }).code, details: (err as { details?: unknown }).details };
  }
  return 'no error';
}

describe('readCsvDataset', () => {
  it('reads a header and rows with LF, CRLF or CR line ends and no trailing newline', async () => {
    expect(await features('a,b\n1,2\r\n3,4\r5,6')).toEqual({ columns: ['a', 'b'], x: [1, 2, 3, 4, 5, 6], rows: 3 });
  });

  it('reads quoted fields with commas, doubled quotes and line breaks', async () => {
    const built = await read('"note, long",kind\n1,"x ""y""\none"\n2,"plain"\n', { label: 'kind' });
    expect(built.featureNames).toEqual(['note, long']);
    expect(built.classNames).toEqual(['x "y"\none', 'plain']);
  });

  it('skips blank lines and a byte-order mark, and trims column names', async () => {
    expect(await features('\ufeff a ,b\n\n1,2\n\n')).toEqual({ columns: ['a', 'b'], x: [1, 2], rows: 1 });
  });

  it('types a target column as t', async () => {
    const built = await read('a,price\r\n1,2.5\r\n3,-4\r\n', { target: 'price' });
    expect(Array.from(built.tensors.t!.data as Float32Array)).toEqual([2.5, -4]);
    expect(built.targetName).toBe('price');
  });

  it('refuses a row with the wrong number of fields, naming the row and the line', async () => {
    expect(await failure(() => read('a,b\n1,2\n\n3\n'))).toEqual({
      code: 'DATASET.CSV_MALFORMED',
      details: { row: 2, line: 4, expected: 2, found: 1 },
    });
  });

  it('refuses an unclosed quote, a stray quote and text after a closing quote', async () => {
    for (const text of ['a\n"open\n', 'a\nx"y\n', 'a\n"x"y\n']) {
      expect(await failure(() => read(text))).toEqual({ code: 'DATASET.CSV_MALFORMED', details: { line: 2 } });
    }
  });

  it('refuses a value that is not a number, naming its row and column', async () => {
    expect(await failure(() => read('a,b\n1,2\n3,four\n'))).toEqual({ code: 'DATASET.VALUE_INVALID', details: { row: 2, column: 'b' } });
  });

  it('refuses bytes that are not UTF-8', async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('a,b\n1,'), 0xff, 0x0a]);
    expect(await failure(() => read(bytes))).toMatchObject({ code: 'DATASET.ENCODING_INVALID' });
  });

  it('refuses an unstorable string in a cell, naming where', async () => {
    expect(await failure(() => read('a,k\n1,x\u0000y\n', { label: 'k' }))).toEqual({
      code: 'REQUEST.INVALID_STRING',
      details: { location: 'body.rows[0][1]', fault: 'nul' },
    });
  });

  it('refuses an empty text as having no header', async () => {
    expect(await failure(() => read('\n\n'))).toMatchObject({ code: 'DATASET.EMPTY' });
  });
});
