import { randomBytes } from 'node:crypto';
import { shamirRecover, shamirRecoverChecked, shamirSplit, type Share } from './shamir';
import { SecaggInconsistent } from '../errors';

function subsets<T>(items: T[], k: number): T[][] {
  if (k === 0) return [[]];
  if (items.length < k) return [];
  const [head, ...rest] = items;
  return [...subsets(rest, k - 1).map((s) => [head, ...s]), ...subsets(rest, k)];
}

describe('Shamir over GF(256)', () => {
  it('recovers the secret from every subset of t of the n shares', () => {
    const secret = randomBytes(32);
    const shares = shamirSplit(secret, [1, 2, 3, 4, 5, 6], 4);
    for (const subset of subsets(shares, 4)) expect(Buffer.from(shamirRecover(subset))).toEqual(secret);
  });

  it('recovers from more than t shares too', () => {
    const secret = randomBytes(32);
    const shares = shamirSplit(secret, [3, 7, 9, 11, 200], 3);
    expect(Buffer.from(shamirRecover(shares))).toEqual(secret);
  });

  it('gives back nothing useful from t − 1 shares: every candidate secret byte stays equally possible', () => {
    // With t − 1 shares fixed, each value of the secret byte matches exactly one polynomial: the
    // shares of two different secrets are identically distributed. Empirically: t − 1 shares
    // interpolated at 0 do not give the secret, and their byte distribution does not depend on it.
    const secret = Buffer.alloc(32, 0x42);
    let hits = 0;
    for (let trial = 0; trial < 200; trial++) {
      const shares = shamirSplit(secret, [1, 2, 3, 4, 5], 3);
      const guess = shamirRecover(shares.slice(0, 2));
      hits += guess.filter((b) => b === 0x42).length;
    }
    expect(hits / (200 * 32)).toBeLessThan(0.02); // chance level is 1/256
  });

  it('shares of two different secrets look alike below the threshold (first byte histograms)', () => {
    const counts = [new Array(256).fill(0), new Array(256).fill(0)];
    [Buffer.alloc(1, 0), Buffer.alloc(1, 255)].forEach((secret, s) => {
      for (let trial = 0; trial < 4096; trial++) counts[s][shamirSplit(secret, [1, 2, 3], 2)[0].y[0]]++;
    });
    for (const histogram of counts) expect(Math.max(...histogram)).toBeLessThan(45); // mean 16, sd 4
  });

  it('detects a wrong share when more than t are revealed', () => {
    const shares = shamirSplit(randomBytes(32), [1, 2, 3, 4], 3);
    const tampered: Share[] = shares.map((s, i) => (i === 3 ? { x: s.x, y: s.y.map((b) => b ^ 1) } : s));
    expect(() => shamirRecoverChecked(tampered, 3, 'seed')).toThrow(SecaggInconsistent);
  });

  it('refuses duplicate or out-of-range x coordinates and thresholds above n', () => {
    expect(() => shamirSplit(randomBytes(4), [1, 1, 2], 2)).toThrow(/distinct/);
    expect(() => shamirSplit(randomBytes(4), [0, 1, 2], 2)).toThrow(/1\.\.255/);
    expect(() => shamirSplit(randomBytes(4), [1, 2], 3)).toThrow(/threshold/);
  });
});
