import { daySeries, epochSeries, reputationSeries, tierOfLevel, tierSeries, weiToCxt } from './node-series';

describe('node history chart series', () => {
  it('given rewards in wei, when charted, then they read in CXT with 4 decimals', () => {
    expect(weiToCxt('1234567800000000000')).toBe(1.2345);
    expect(weiToCxt('0')).toBe(0);
  });

  it('given epochs out of order, when charted, then they run oldest first with rewards in CXT', () => {
    expect(
      epochSeries([
        { epoch: 9, fragments: 2, rewards: '2000000000000000000' },
        { epoch: 7, fragments: 5, rewards: '500000000000000000' },
      ]),
    ).toEqual([
      { epoch: 7, fragments: 5, rewards: 0.5 },
      { epoch: 9, fragments: 2, rewards: 2 },
    ]);
  });

  it('given days out of order, when charted, then they run oldest first', () => {
    const day = (d: string) => ({ day: d, leases: 1, completed: 1, verified: 1, failed: 0, cancelled: 0, earned: '0' });
    expect(daySeries([day('2026-11-30'), day('2026-11-29')]).map((d) => d.day)).toEqual(['2026-11-29', '2026-11-30']);
  });

  it('given reputation scores, when charted, then they follow the stream order at their times', () => {
    const series = reputationSeries([
      { at: '2026-11-30T10:00:02Z', score: 0.4, seq: 20 },
      { at: '2026-11-30T10:00:01Z', score: 0.9, seq: 10 },
    ]);
    expect(series.map((p) => [p.value, p.label])).toEqual([
      [0.9, '0.900'],
      [0.4, '0.400'],
    ]);
    expect(series[0]!.at).toBe(Date.parse('2026-11-30T10:00:01Z'));
  });

  it('given a demotion for fraud, when charted, then the tier falls to level 1 and says why', () => {
    const series = tierSeries([
      { at: '2026-11-30T10:00:00Z', tier: 'pro', reason: null, seq: 1 },
      { at: '2026-11-30T10:05:00Z', tier: 'edge', reason: 'fraud', seq: 2 },
    ]);
    expect(series.map((p) => [p.value, p.label])).toEqual([
      [3, 'pro'],
      [1, 'edge (fraud)'],
    ]);
    expect([1, 2, 3, 4, 5].map(tierOfLevel)).toEqual(['edge', 'standard', 'pro', 'elite', '']);
  });
});
