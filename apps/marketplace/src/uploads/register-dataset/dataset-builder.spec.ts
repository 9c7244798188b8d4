import { buildDataset } from './dataset-builder';

const failure = (run: () => unknown) => {
  try {
    run();
    return 'no error';
  } catch (err) {
    return { code: (err as { code: string }).code, details: (err as { details?: unknown }).details };
  }
};

describe('buildDataset', () => {
  it('types features as float32 rows and labels as class indices in first-seen order', () => {
    const built = buildDataset(
      { columns: ['len', 'species', 'mass'], rows: [['1.5', 'gentoo', 10], [' -2e1 ', 'adelie', '.5'], ['3', 'gentoo', '4']] },
      { label: 'species' },
    );
    expect(built.rows).toBe(3);
    expect(built.featureNames).toEqual(['len', 'mass']);
    expect(built.classNames).toEqual(['gentoo', 'adelie']);
    expect(Array.from(built.tensors.x!.data as Float32Array)).toEqual([1.5, 10, -20, 0.5, 3, 4]);
    expect(built.tensors.x!.dims).toEqual([3, 2]);
    expect(Array.from(built.tensors.y!.data as BigInt64Array)).toEqual([0n, 1n, 0n]);
  });

  it('leaves out y when there is no label column', () => {
    const built = buildDataset({ columns: ['a'], rows: [['1']] });
    expect(Object.keys(built.tensors)).toEqual(['x']);
    expect(built.classNames).toEqual([]);
  });

  it.each([
    ['a missing cell', [['1', null]], { row: 1, column: 'b' }],
    ['an empty cell', [['1', '2'], ['', '3']], { row: 2, column: 'a' }],
    ['NaN', [['1', 'NaN']], { row: 1, column: 'b' }],
    ['a word', [['one', '2']], { row: 1, column: 'a' }],
    ['a hexadecimal number', [['0x10', '2']], { row: 1, column: 'a' }],
    ['a number beyond float32', [['1', '1e39']], { row: 1, column: 'b' }],
    ['Infinity from JSON', [['1', Infinity]], { row: 1, column: 'b' }],
  ])('refuses %s naming its row and column', (_what, rows, details) => {
    expect(failure(() => buildDataset({ columns: ['a', 'b'], rows }))).toEqual({ code: 'DATASET.VALUE_INVALID', details });
  });

  it('refuses a missing label, an unknown label column, duplicate and unnamed columns', () => {
    expect(failure(() => buildDataset({ columns: ['a', 'y'], rows: [['1', ' ']] }, { label: 'y' }))).toEqual({
      code: 'DATASET.VALUE_INVALID',
      details: { row: 1, column: 'y' },
    });
    expect(failure(() => buildDataset({ columns: ['a'], rows: [] }, { label: 'y' }))).toMatchObject({ code: 'DATASET.LABEL_UNKNOWN' });
    expect(failure(() => buildDataset({ columns: ['a', 'a'], rows: [] }))).toMatchObject({ code: 'DATASET.COLUMNS_DUPLICATE' });
    expect(failure(() => buildDataset({ columns: ['a', ''], rows: [] }))).toMatchObject({ code: 'DATASET.COLUMN_NAME_INVALID' });
  });

  it('keeps a numeric target column apart from the features as t float32 [rows]', () => {
    const built = buildDataset({ columns: ['a', 'price', 'b'], rows: [['1', '2.5', '3'], ['4', '-1', 6]] }, { target: 'price' });
    expect(built.featureNames).toEqual(['a', 'b']);
    expect(built.targetName).toBe('price');
    expect(built.classNames).toEqual([]);
    expect(Object.keys(built.tensors).sort()).toEqual(['t', 'x']);
    expect(Array.from(built.tensors.t!.data as Float32Array)).toEqual([2.5, -1]);
    expect(built.tensors.t!.dims).toEqual([2]);
    expect(built.outputColumnIndex).toBe(1);
    expect(Array.from(built.tensors.x!.data as Float32Array)).toEqual([1, 3, 4, 6]);
  });

  it('refuses a target value that is not a number, naming its row and column', () => {
    expect(failure(() => buildDataset({ columns: ['a', 'price'], rows: [['1', '2'], ['3', 'cheap']] }, { target: 'price' }))).toEqual({
      code: 'DATASET.VALUE_INVALID',
      details: { row: 2, column: 'price' },
    });
  });

  it('refuses a label and a target together, and an unknown target column', () => {
    expect(failure(() => buildDataset({ columns: ['a', 'b'], rows: [] }, { label: 'a', target: 'b' }))).toMatchObject({ code: 'DATASET.LABEL_AND_TARGET' });
    expect(failure(() => buildDataset({ columns: ['a'], rows: [] }, { target: 'b' }))).toMatchObject({ code: 'DATASET.TARGET_UNKNOWN' });
  });

  it('grows its arrays past the first thousand rows without losing any', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => [String(i), String(-i), i % 3 ? 'odd' : 'even']);
    const built = buildDataset({ columns: ['a', 'b', 'c'], rows }, { label: 'c' });
    const x = built.tensors.x!.data as Float32Array;
    expect(x.length).toBe(10000);
    expect([x[2], x[3], x[9998], x[9999]]).toEqual([1, -1, 4999, -4999]);
    expect((built.tensors.y!.data as BigInt64Array).length).toBe(5000);
  });

  it('refuses the class past the limit as soon as it appears', () => {
    const rows = Array.from({ length: 1100 }, (_, i) => ['1', `c${i}`]);
    expect(failure(() => buildDataset({ columns: ['a', 'c'], rows }, { label: 'c' }))).toEqual({
      code: 'DATASET.TOO_MANY_CLASSES',
      details: { classes: 1025, row: 1025 },
    });
  });

  it('builds an empty dataset from a header alone, for the decider to refuse', () => {
    expect(buildDataset({ columns: ['a'], rows: [] }).rows).toBe(0);
  });
});
