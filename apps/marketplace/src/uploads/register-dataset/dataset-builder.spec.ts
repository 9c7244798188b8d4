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
      'species',
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
    expect(failure(() => buildDataset({ columns: ['a', 'y'], rows: [['1', ' ']] }, 'y'))).toEqual({
      code: 'DATASET.VALUE_INVALID',
      details: { row: 1, column: 'y' },
    });
    expect(failure(() => buildDataset({ columns: ['a'], rows: [] }, 'y'))).toMatchObject({ code: 'DATASET.LABEL_UNKNOWN' });
    expect(failure(() => buildDataset({ columns: ['a', 'a'], rows: [] }))).toMatchObject({ code: 'DATASET.COLUMNS_DUPLICATE' });
    expect(failure(() => buildDataset({ columns: ['a', ''], rows: [] }))).toMatchObject({ code: 'DATASET.COLUMN_NAME_INVALID' });
  });

  it('builds an empty dataset from a header alone, for the decider to refuse', () => {
    expect(buildDataset({ columns: ['a'], rows: [] }).rows).toBe(0);
  });
});
