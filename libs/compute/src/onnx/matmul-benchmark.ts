import { GraphBuilder } from './graph-builder';

/**
 * A single n×n float MatMul: inputs `a`, `b` [n, n], output `c` [n, n]. About 2n³ floating-point
 * operations per run, a simple yardstick of a node's CPU or GPU throughput.
 */
export function buildMatMulBenchmark(n: number): Uint8Array {
  if (!Number.isInteger(n) || n <= 0) throw new RangeError(`n must be a positive integer, got ${n}`);
  const graph = new GraphBuilder('matmul_benchmark');
  const a = graph.input('a', 'float', [n, n]);
  const b = graph.input('b', 'float', [n, n]);
  graph.op('MatMul', [a, b], {}, 'c');
  graph.output('c', 'float', [n, n]);
  return graph.toBytes();
}
