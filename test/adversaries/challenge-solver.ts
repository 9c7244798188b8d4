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
