import type { Dataset } from '@corex/compute';
import { uploadNameSubject as marketplaceSubject } from '../../../marketplace/src/uploads/upload-names';
import { uploadNameSubject } from '../coordination/output-dataset';
import { preprocessingInput, selectedColumns } from './preprocessing-input';

const dataset: Dataset = {
  features: Float32Array.from({ length: 8 }, (_, i) => i),
  rows: 4,
  featureNames: ['a', 'b'],
  labels: Int32Array.of(0, 1, 0, 1),
  classNames: ['x', 'y'],
};

describe('preprocessingInput', () => {
  it('given no rowRange and one copy, then it is the dataset itself', () => {
    expect(preprocessingInput(dataset, { sliceRows: 2 })).toBe(dataset);
  });

  it('given a rowRange, then it keeps those rows with their labels', () => {
    const input = preprocessingInput(dataset, { rowRange: [1, 3] });
    expect(input.rows).toBe(2);
    expect(Array.from(input.features)).toEqual([2, 3, 4, 5]);
    expect(Array.from(input.labels)).toEqual([1, 0]);
  });

  it('given copies, then the rows repeat copy after copy, labels with them', () => {
    const input = preprocessingInput(dataset, { rowRange: [2, 4], copies: 3 });
    expect(input.rows).toBe(6);
    expect(Array.from(input.features)).toEqual([4, 5, 6, 7, 4, 5, 6, 7, 4, 5, 6, 7]);
    expect(Array.from(input.labels)).toEqual([0, 1, 0, 1, 0, 1]);
  });

  it('selects the named columns in the order given', () => {
    expect(selectedColumns(dataset, { columns: ['b', 'a'] })).toEqual([1, 0]);
    expect(selectedColumns(dataset, {})).toEqual([0, 1]);
  });
});

describe('output dataset names', () => {
  it('are claimed on the same subject as the marketplace claims upload names', () => {
    expect(uploadNameSubject('acct-1', 'clean data')).toBe(marketplaceSubject('dataset', 'acct-1', 'clean data'));
  });
});
