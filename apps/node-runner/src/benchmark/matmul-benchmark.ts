import { Tensor } from 'onnxruntime-node';
import { buildMatMulBenchmark } from '@corex/compute';
import type { Benchmark } from '@corex/events';
import type { Logger } from '@corex/platform';
import { createSession } from './execution-providers';

export interface MatMulBenchmarkOptions {
  executionProvider: string;
  logger: Logger;
  /** Matrix side; 512 keeps one multiplication around 10–50 ms on a small CPU. */
  size?: number;
  warmupIterations?: number;
  /** Iterations run until this much time has passed (at least `minIterations`). */
  targetMs?: number;
  minIterations?: number;
}

const MAX_ITERATIONS = 10_000;

/** Throughput of `iterations` multiplications of two size×size matrices (2·n³ flops each) in GFLOP/s. */
export function gflopsOf(size: number, iterations: number, seconds: number): number {
  return (2 * size ** 3 * iterations) / seconds / 1e9;
}

/** Times float32 matrix multiplications (the shared compute graph) in onnxruntime; about half a second after warm-up. */
export async function runMatMulBenchmark(options: MatMulBenchmarkOptions): Promise<Benchmark> {
  const { size = 512, warmupIterations = 2, targetMs = 500, minIterations = 3 } = options;
  const model = buildMatMulBenchmark(size);
  const { session, executionProvider } = await createSession(model, options.executionProvider, options.logger);
  try {
    const feeds = { a: randomMatrix(size), b: randomMatrix(size) };
    for (let i = 0; i < warmupIterations; i++) await session.run(feeds);
    let iterations = 0;
    const started = process.hrtime.bigint();
    let elapsedMs = 0;
    while (iterations < MAX_ITERATIONS && (iterations < minIterations || elapsedMs < targetMs)) {
      await session.run(feeds);
      iterations++;
      elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    }
    return {
      kind: 'matmul-f32',
      size,
      iterations,
      durationMs: elapsedMs,
      gflops: gflopsOf(size, iterations, elapsedMs / 1000),
      executionProvider,
    };
  } finally {
    await session.release();
  }
}

function randomMatrix(size: number): Tensor {
  const data = new Float32Array(size * size);
  for (let i = 0; i < data.length; i++) data[i] = Math.random() - 0.5;
  return new Tensor('float32', data, [size, size]);
}
