import { datasetRecords, float32Text } from './dataset-records';

describe('datasetRecords', () => {
  const x = { data: Float32Array.from([39.1, 181, 46.5, 217]), dims: [2, 2] };

  it('puts the label back where it was uploaded, as class names', () => {
    const y = { data: BigInt64Array.from([1n, 0n]), dims: [2] };
    const d = { rows: 2, featureNames: ['bill', 'flipper'], classNames: ['adelie', 'gentoo'], labelName: 'species', outputColumnIndex: 1 };
    expect([...datasetRecords(d, { x, y })]).toEqual([
      ['bill', 'species', 'flipper'],
      ['39.1', 'gentoo', '181'],
      ['46.5', 'adelie', '217'],
    ]);
  });

  it('writes a target as numbers and a dataset without output as features only', () => {
    const t = { data: Float32Array.from([0.25, -3]), dims: [2] };
    const d = { rows: 2, featureNames: ['a', 'b'], classNames: [], targetName: 'price', outputColumnIndex: 2 };
    expect([...datasetRecords(d, { x, t })][1]).toEqual(['39.1', '181', '0.25']);
    expect([...datasetRecords({ rows: 2, featureNames: ['a', 'b'], classNames: [] }, { x })]).toEqual([['a', 'b'], ['39.1', '181'], ['46.5', '217']]);
  });

  it('heads the label of an older registration `label`, last', () => {
    const y = { data: BigInt64Array.from([0n, 0n]), dims: [2] };
    expect([...datasetRecords({ rows: 2, featureNames: ['a', 'b'], classNames: ['k'] }, { x, y })][0]).toEqual(['a', 'b', 'label']);
  });

  it('writes each float32 as the shortest decimal that reads back the same', () => {
    for (const v of [0.1, 1e-7, 3.4e38, -123456.789, 16777217, 0]) {
      const f = Math.fround(v);
      expect(Math.fround(Number(float32Text(f)))).toBe(f);
    }
    expect(float32Text(Math.fround(0.1))).toBe('0.1');
  });
});
