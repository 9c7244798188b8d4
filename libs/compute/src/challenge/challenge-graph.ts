import { GraphBuilder } from '../onnx/graph-builder';
import { openSession } from '../runtime/session';
import { challengeMatrices } from './challenge-matrices';

/**
 * The challenge graph: inputs `a`, `b` [n, n] float32; output `sums` [n] = ReduceSum over axis 0
 * of Relu(MatMul(a, b)), the column sums of relu(A·B). About 2n³ floating-point operations.
 */
export function buildChallengeGraph(n: number): Uint8Array {
  if (!Number.isInteger(n) || n <= 0) throw new RangeError(`n must be a positive integer, got ${n}`);
  const graph = new GraphBuilder('benchmark_challenge');
  const a = graph.input('a', 'float', [n, n]);
  const b = graph.input('b', 'float', [n, n]);
  const rows = graph.int64Constant('rows_axis', [0]);
  const product = graph.op('Relu', [graph.op('MatMul', [a, b])]);
  graph.op('ReduceSum', [product, rows], { keepdims: 0 }, 'sums');
  graph.output('sums', 'float', [n]);
  return graph.toBytes();
}

/** Answers a challenge in onnxruntime: draws A and B from the seed and returns the column sums of relu(A·B). */
export async function solveChallenge(seedHex: string, size: number): Promise<Float32Array> {
  const { a, b } = challengeMatrices(seedHex, size);
  const session = await openSession(buildChallengeGraph(size));
  try {
    const outputs = await session.run({ a: { data: a, dims: [size, size] }, b: { data: b, dims: [size, size] } });
    return outputs['sums'].data as Float32Array;
  } finally {
    await session.release();
  }
}
