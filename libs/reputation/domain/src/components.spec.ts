import { capacitySlotsOf, historyOf, latencySample, loadSample, performanceOf, scoreOf, violationsOf } from './components';

describe('reputation components', () => {
  it.each([
    [0.5, 0.1],
    [10, 0.3333],
    [1000, 1],
    [1e6, 1],
  ])('performance of %p GFLOP/s is %p', (gflops, expected) => {
    expect(performanceOf(gflops)).toBeCloseTo(expected, 4);
  });

  it('gives a lease full latency marks within 2 s plus three times the predicted compute time, and allowance / round trip beyond', () => {
    // 1e9 FLOPs at 1 GFLOP/s: 1 s predicted -> allowance 5 s.
    expect(latencySample(5_000, 1e9, 1)).toBe(1);
    expect(latencySample(10_000, 1e9, 1)).toBe(0.5);
    expect(latencySample(4_000, null, 1)).toBe(0.5);
  });

  it('gives load 1 idle, 0.5 at full capacity and less when holding more leases than slots', () => {
    expect(loadSample(0, 4)).toBe(1);
    expect(loadSample(4, 4)).toBe(0.5);
    expect(loadSample(8, 4)).toBe(0.25);
  });

  it('counts capacity slots as the scheduler does', () => {
    expect([1, 8, 64].map(capacitySlotsOf)).toEqual([1, 4, 16]);
  });

  it('starts history at 0.5, raises it with verified work and lowers it with failures', () => {
    expect(historyOf(0, 0)).toBe(0.5);
    expect(historyOf(50, 0)).toBeGreaterThan(0.8);
    expect(historyOf(50, 5)).toBeLessThan(historyOf(50, 0));
    expect(historyOf(0, 2)).toBe(0.25);
  });

  it('halves the whole score per fraud', () => {
    const c = { performance: 1, uptime: 1, latency: 1, load: 1, history: 1, violations: 1 };
    expect(scoreOf(c)).toBe(1);
    expect(scoreOf({ ...c, violations: violationsOf(2) })).toBe(0.25);
  });
});
