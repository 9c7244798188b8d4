import * as ort from 'onnxruntime-node';
import { buildMatMulBenchmark } from '@corex/compute';

/**
 * Answers a benchmark challenge as documented (docs/node-protocol.md, "Benchmark challenges"),
 * implemented here from the text: A and B drawn with mulberry32 from the seed's first 4 bytes
 * (little-endian), C = relu(A·B) on onnxruntime, the answer is C's column sums as float32.
 */
export function challengeMatrices(seedHex: string, size: number): { a: Float32Array; b: Float32Array } {
  let state = Buffer.from(seedHex, 'hex').readUInt32LE(0);
  const next = () => {
    let t = (state = (state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const draw = (n: number) => {
    const out = new Float32Array(n);
    for (let k = 0; k < n; k++) out[k] = ((next() >>> 8) / 2 ** 24) * 2 - 1;
    return out;
  };
  const a = draw(size * size);
  const b = draw(size * size);
  return { a, b };
}

/** One onnxruntime thread (several nodes share the test machine's cores); the claim is measured the same way. */
const sessions = new Map<number, Promise<ort.InferenceSession>>();

/** Column sums of relu(A·B) for the challenge's seed and size. */
export async function solveChallenge(seedHex: string, size: number): Promise<Float32Array> {
  const { a, b } = challengeMatrices(seedHex, size);
  let session = sessions.get(size);
  if (!session) sessions.set(size, (session = ort.InferenceSession.create(buildMatMulBenchmark(size), { executionProviders: ['cpu'], intraOpNumThreads: 1, interOpNumThreads: 1 })));
  const { c } = await (await session).run({ a: new ort.Tensor('float32', a, [size, size]), b: new ort.Tensor('float32', b, [size, size]) });
  const product = c!.data as Float32Array;
  const sums = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    const row = i * size;
    for (let j = 0; j < size; j++) {
      const v = product[row + j]!;
      if (v > 0) sums[j] += v;
    }
  }
  return Float32Array.from(sums);
}

/** GFLOP/s of this machine on the challenge computation (2·n³ per run), to claim honestly. */
export async function measureGflops(size = 256, runs = 5): Promise<number> {
  const seed = '00'.repeat(32);
  await solveChallenge(seed, size);
  const started = performance.now();
  for (let r = 0; r < runs; r++) await solveChallenge(seed, size);
  const seconds = (performance.now() - started) / 1000;
  return (2 * size ** 3 * runs) / seconds / 1e9;
}

/**
 * The same answer computed in plain JavaScript (about 3 GFLOP/s here): how a fake benchmark's
 * real, slow hardware answers. On the test machine onnxruntime multiplies a 1536² challenge within
 * the verifier's 100 ms allowance, where any claim passes; a weak node's honest answer does not.
 */
export function solveChallengeSlowly(seedHex: string, size: number): Float32Array {
  const { a, b } = challengeMatrices(seedHex, size);
  const sums = new Float64Array(size);
  const rows = [0, 1, 2, 3].map(() => new Float32Array(size));
  for (let i = 0; i < size; i += 4) {
    const count = Math.min(4, size - i);
    for (const r of rows) r.fill(0);
    const [r0, r1, r2, r3] = rows as [Float32Array, Float32Array, Float32Array, Float32Array];
    for (let k = 0; k < size; k++) {
      const a0 = a[i * size + k]!;
      const a1 = count > 1 ? a[(i + 1) * size + k]! : 0;
      const a2 = count > 2 ? a[(i + 2) * size + k]! : 0;
      const a3 = count > 3 ? a[(i + 3) * size + k]! : 0;
      const offset = k * size;
      for (let j = 0; j < size; j++) {
        const v = b[offset + j]!;
        r0[j] += a0 * v;
        r1[j] += a1 * v;
        r2[j] += a2 * v;
        r3[j] += a3 * v;
      }
    }
    for (let r = 0; r < count; r++) for (let j = 0; j < size; j++) if (rows[r]![j]! > 0) sums[j] += rows[r]![j]!;
  }
  return Float32Array.from(sums);
}
