import { addPrg } from '../crypto/prg';
import { shamirRecover, shareFromBytes } from '../crypto/shamir';
import { SECAGG_SCALE } from '../params';
import { quantizeUpdate, dequantizeSum } from '../quantize';
import { fromBase64url } from '../wire/base64url';
import { runSimulatedRound, setUpFederation } from '../testing/federation';
import { syntheticDelta } from '../testing/vectors';

const LENGTH = 8192;
const CLIP = 2;

/** Chi-square of the top bytes of the words against the uniform distribution (255 degrees of freedom). */
function topByteChiSquare(words: Uint32Array): number {
  const counts = new Array(256).fill(0);
  for (const w of words) counts[w >>> 24]++;
  const expected = words.length / 256;
  return counts.reduce((acc, c) => acc + (c - expected) ** 2 / expected, 0);
}

function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let k = 0; k < n; k++) (ma += a[k] / n), (mb += b[k] / n);
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let k = 0; k < n; k++) {
    sab += (a[k] - ma) * (b[k] - mb);
    saa += (a[k] - ma) ** 2;
    sbb += (b[k] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

const signed = (words: Uint32Array) => Int32Array.from(words, (w) => w | 0);
// 255 degrees of freedom: mean 255, sd 22.6; 380 is 5.5 sd out (p ~ 1e-6). |r| under 5/√n is 5 sigma.
const CHI_SQUARE_LIMIT = 380;
const CORRELATION_LIMIT = 5 / Math.sqrt(LENGTH);

describe("the coordinator's view of a round holds no individual update", () => {
  const federation = setUpFederation(5);
  const ids = federation.members.map((m) => m.nodeId);
  const deltas = new Map(ids.map((id, i) => [id, syntheticDelta(LENGTH - 1, i + 1, 0.05)]));
  const rows = new Map(ids.map((id, i) => [id, 100 + i]));
  const outcome = runSimulatedRound(federation, { round: 1, deltas, rows, clipNorm: CLIP, dropBeforeUpdate: [ids[4]] });
  const quantized = (id: string) => quantizeUpdate(deltas.get(id)!, rows.get(id)!, CLIP, ids.length);

  it('control: a quantized update without masks fails the uniformity check', () => {
    expect(topByteChiSquare(quantized(ids[0]))).toBeGreaterThan(10 * CHI_SQUARE_LIMIT);
  });

  it('every masked update passes the uniformity check and is uncorrelated with its quantized update', () => {
    for (const id of outcome.survivors) {
      const masked = outcome.masked.get(id)!;
      expect(topByteChiSquare(masked)).toBeLessThan(CHI_SQUARE_LIMIT);
      expect(Math.abs(correlation(signed(masked), signed(quantized(id))))).toBeLessThan(CORRELATION_LIMIT);
    }
  });

  it('decoding one masked vector alone gives noise, not its update', () => {
    for (const id of outcome.survivors) {
      const alone = dequantizeSum(outcome.masked.get(id)!);
      const truth = dequantizeSum(quantized(id));
      expect(alone.totalRows).not.toBe(rows.get(id));
      const error = alone.weightedSum.reduce((acc, v, k) => acc + Math.abs(v - truth.weightedSum[k]), 0) / (LENGTH - 1);
      expect(error).toBeGreaterThan(2 ** 31 / SECAGG_SCALE / 4); // the size of uniform noise, not of an update (~|5|)
    }
  });

  it('even with its self mask removed (b_i is revealed by the unmask), a survivor\'s vector still looks like noise', () => {
    for (const id of outcome.survivors) {
      const seed = shamirRecover(outcome.unmasks.map((u) => shareFromBytes(fromBase64url(u.selfSeeds[id]))));
      const withoutSelfMask = Uint32Array.from(outcome.masked.get(id)!);
      addPrg(withoutSelfMask, seed, -1);
      expect(topByteChiSquare(withoutSelfMask)).toBeLessThan(CHI_SQUARE_LIMIT);
      expect(Math.abs(correlation(signed(withoutSelfMask), signed(quantized(id))))).toBeLessThan(CORRELATION_LIMIT);
    }
  });

  it('only the sum decodes, and it reveals who dropped', () => {
    expect(outcome.dropped).toEqual([ids[4]]);
    expect(outcome.result.totalRows).toBe(100 + 101 + 102 + 103);
  });
});
