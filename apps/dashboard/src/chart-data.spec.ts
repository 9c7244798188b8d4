import { formatCxt, mergeSteps } from './chart-data';

describe('dashboard chart data', () => {
  it('given paged steps and live steps that overlap, when merged, then each step appears once in order, the later winning', () => {
    const merged = mergeSteps(
      [{ step: 1, loss: 0.9, accuracy: 0.4 }, { step: 0, loss: 1.1 }],
      [{ step: 1, loss: 0.8, accuracy: 0.5 }, { step: 2, loss: 0.7, accuracy: 0.6 }],
    );
    expect(merged).toEqual([
      { step: 0, loss: 1.1, accuracy: null },
      { step: 1, loss: 0.8, accuracy: 0.5 },
      { step: 2, loss: 0.7, accuracy: 0.6 },
    ]);
  });

  it('given wei amounts, when formatted, then they read as CXT with at most 4 decimals', () => {
    expect(formatCxt('0')).toBe('0 CXT');
    expect(formatCxt('1500000000000000000')).toBe('1.5 CXT');
    expect(formatCxt('123456789000000000000')).toBe('123.4567 CXT');
    expect(formatCxt('100000000000000')).toBe('0.0001 CXT');
    expect(formatCxt('n/a')).toBe('n/a');
  });
});
