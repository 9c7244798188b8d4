import { meanChallengeIntervalMs, nextChallengeDelayMs } from './challenge-schedule';

describe('random challenge schedule', () => {
  const tenMinutes = 600_000;

  it('challenges unscored and low-reputation nodes every 10 min on average, perfect ones every 2 h', () => {
    expect(meanChallengeIntervalMs(null, tenMinutes)).toBe(tenMinutes);
    expect(meanChallengeIntervalMs(0.2, tenMinutes)).toBe(tenMinutes);
    expect(meanChallengeIntervalMs(1, tenMinutes)).toBe(2 * 3_600_000);
    expect(meanChallengeIntervalMs(0.75, tenMinutes)).toBe(6.5 * tenMinutes);
  });

  it('draws exponential delays around the mean', () => {
    expect(nextChallengeDelayMs(null, 1000, () => 0)).toBe(0);
    expect(nextChallengeDelayMs(null, 1000, () => 1 - Math.exp(-1))).toBe(1000);
  });

  it('doubles the mean for every challenge in a row that expired unstarted, up to 64 times', () => {
    const atMean = () => 1 - Math.exp(-1);
    expect(nextChallengeDelayMs(null, 1000, atMean, 2)).toBe(4000);
    expect(nextChallengeDelayMs(null, 1000, atMean, 50)).toBe(64_000);
  });
});
