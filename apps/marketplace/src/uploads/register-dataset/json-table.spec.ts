import { tableFromJson } from './json-table';

const codeOf = (run: () => unknown) => {
  try {
    run();
    return 'no error';
  } catch (err) {
    return (err as { code: string }).code;
  }
};

describe('tableFromJson', () => {
  it('takes the columns in first-seen order and leaves missing keys as missing cells', () => {
    expect(tableFromJson([{ a: 1, b: 'x' }, { b: 'y', c: null }])).toEqual({
      columns: ['a', 'b', 'c'],
      rows: [
        [1, 'x', null],
        [null, 'y', null],
      ],
    });
  });

  it('reads an empty array as a table with no rows', () => {
    expect(tableFromJson([])).toEqual({ columns: [], rows: [] });
  });

  it.each([
    ['an object', { a: 1 }],
    ['an array of arrays', [[1, 2]]],
    ['a nested value', [{ a: { b: 1 } }]],
    ['a boolean value', [{ a: true }]],
  ])('refuses %s', (_what, body) => {
    expect(codeOf(() => tableFromJson(body))).toBe('DATASET.JSON_INVALID');
  });

  it('refuses more columns than a dataset can have before building rows', () => {
    const wide = [Object.fromEntries(Array.from({ length: 1026 }, (_, i) => [`c${i}`, i]))];
    expect(codeOf(() => tableFromJson(wide))).toBe('DATASET.TOO_MANY_COLUMNS');
  });
});
