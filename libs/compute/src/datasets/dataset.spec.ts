import { splitDataset, tabulate, type Dataset } from './dataset';
import { computeMinMax, computeStandardization } from './statistics';

/** A dataset whose single feature is the row number, so rows can be traced through a split. */
function numberedRows(rows: number): Dataset {
  return tabulate(
    Array.from({ length: rows }, (_, row) => ({ values: [row], label: row % 2 ? 'odd' : 'even' })),
    ['row'],
  );
}

describe('tabulate', () => {
  it('drops records with a missing, null or non-numeric feature or no label', () => {
    const dataset = tabulate(
      [
        { values: [1, 2], label: 'a' },
        { values: [null, 2], label: 'a' },
        { values: [3, Number.NaN], label: 'b' },
        { values: ['4', 2], label: 'b' },
        { values: [5, 6], label: null },
        { values: [7, 8], label: 'b' },
      ],
      ['p', 'q'],
    );
    expect(dataset.rows).toBe(2);
    expect(Array.from(dataset.features)).toEqual([1, 2, 7, 8]);
    expect(Array.from(dataset.labels)).toEqual([0, 1]);
    expect(dataset.classNames).toEqual(['a', 'b']);
  });
});

describe('splitDataset', () => {
  it('partitions the rows: held-out and train are disjoint and together cover every row', () => {
    const { train, heldOut } = splitDataset(numberedRows(101), 3, 0.25);
    expect(heldOut.rows).toBe(25);
    expect(train.rows).toBe(76);
    const all = [...train.features, ...heldOut.features].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 101 }, (_, row) => row));
  });

  it('keeps each row with its own label', () => {
    const { train } = splitDataset(numberedRows(50), 3);
    train.labels.forEach((label, index) => expect(train.classNames[label]).toBe(train.features[index] % 2 ? 'odd' : 'even'));
  });

  it('is the same for the same seed and different for another seed', () => {
    const dataset = numberedRows(200);
    expect(splitDataset(dataset, 1).heldOut.features).toEqual(splitDataset(dataset, 1).heldOut.features);
    expect(splitDataset(dataset, 1).heldOut.features).not.toEqual(splitDataset(dataset, 2).heldOut.features);
  });

  it('rejects a held-out fraction outside (0, 1)', () => {
    expect(() => splitDataset(numberedRows(10), 1, 1)).toThrow(RangeError);
  });
});

describe('statistics', () => {
  const dataset = tabulate(
    [
      { values: [1, 10, 5], label: 'a' },
      { values: [3, 10, 5], label: 'a' },
      { values: [5, 40, 5], label: 'b' },
    ],
    ['p', 'q', 'constant'],
  );

  it('computes per-feature mean and population std, with std 1 for a constant feature', () => {
    const { mean, std } = computeStandardization(dataset);
    expect(Array.from(mean)).toEqual([3, 20, 5]);
    expect(std[0]).toBeCloseTo(Math.sqrt(8 / 3), 6);
    expect(std[1]).toBeCloseTo(Math.sqrt(200), 5);
    expect(std[2]).toBe(1);
  });

  it('computes per-feature minimum and maximum', () => {
    const { min, max } = computeMinMax(dataset);
    expect(Array.from(min)).toEqual([1, 10, 5]);
    expect(Array.from(max)).toEqual([5, 40, 5]);
  });
});
