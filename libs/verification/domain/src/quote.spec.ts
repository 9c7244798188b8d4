import { verificationQuote } from './quote';

describe('verificationQuote', () => {
  it('quotes redundancy as one extra run of every fragment that catches every wrong result', () => {
    expect(verificationQuote({ mode: 'redundancy', factor: 2 }, { budget: '12.5' })).toEqual({
      policy: { mode: 'redundancy', factor: 2 },
      extraComputeShare: 1,
      extraCost: '12.5',
      detectionPerFragment: 1,
      detectionWithin50: 1,
    });
  });

  it('quotes a spot-check rate as that share of the budget and that detection per fragment', () => {
    const quote = verificationQuote({ mode: 'spot-check', rate: 0.1 }, { budget: '3' });
    expect(quote.extraCost).toBe('0.3');
    expect(quote.detectionPerFragment).toBe(0.1);
    expect(quote.detectionWithin50).toBeCloseTo(1 - 0.9 ** 50, 6);
  });

  it('quotes adaptive at the highest spot-check share and the lowest detection of a trusted node', () => {
    const quote = verificationQuote({ mode: 'adaptive' }, { budget: '0.000000000000000001' });
    expect(quote).toMatchObject({ extraComputeShare: 0.3, detectionPerFragment: 0.09, extraCost: '0' });
    expect(quote.detectionWithin50).toBeCloseTo(1 - 0.91 ** 50, 6);
  });
});
