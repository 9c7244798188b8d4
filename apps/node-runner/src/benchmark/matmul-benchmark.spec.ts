import { InferenceSession, Tensor } from 'onnxruntime-node';
import { buildMatMulBenchmark } from '@corex/compute';
import type { Logger } from '@corex/platform';
import { createSession, usableExecutionProviders } from './execution-providers';
import { gflopsOf, runMatMulBenchmark } from './matmul-benchmark';

function recordingLogger(): { logger: Logger; warnings: string[] } {
  const warnings: string[] = [];
  const logger = { warn: (_fields: unknown, message: string) => warnings.push(message) } as unknown as Logger;
  return { logger, warnings };
}

function jsMatMul(a: Float32Array, b: Float32Array, n: number): Float32Array {
  const c = new Float32Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += a[i * n + k]! * b[k * n + j]!;
      c[i * n + j] = sum;
    }
  return c;
}

describe('matmul benchmark', () => {
  it('counts 2·n³ flops per multiplication', () => {
    expect(gflopsOf(1000, 1, 1)).toBe(2);
    expect(gflopsOf(512, 10, 0.5)).toBeCloseTo((2 * 512 ** 3 * 10) / 0.5 / 1e9, 12);
    expect(gflopsOf(256, 4, 2)).toBeCloseTo(gflopsOf(256, 2, 1), 12);
  });

  it('benchmarks a graph that onnxruntime multiplies exactly as a plain JS matmul does', async () => {
    const a = Float32Array.from({ length: 16 }, (_, i) => i - 7.5);
    const b = Float32Array.from({ length: 16 }, (_, i) => (i % 5) * 0.25 - 1);
    const session = await InferenceSession.create(buildMatMulBenchmark(4), { executionProviders: ['cpu'] });
    try {
      const { c } = await session.run({ a: new Tensor('float32', a, [4, 4]), b: new Tensor('float32', b, [4, 4]) });
      expect(c!.dims).toEqual([4, 4]);
      const expected = jsMatMul(a, b, 4);
      (c!.data as Float32Array).forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 5));
    } finally {
      await session.release();
    }
  });

  it('reports a positive throughput for the iterations it timed', async () => {
    const { logger } = recordingLogger();
    const result = await runMatMulBenchmark({ executionProvider: 'cpu', logger, size: 64, targetMs: 30, minIterations: 5 });
    expect(result).toMatchObject({ kind: 'matmul-f32', size: 64, executionProvider: 'cpu' });
    expect(result.iterations).toBeGreaterThanOrEqual(5);
    expect(result.gflops).toBeCloseTo(gflopsOf(64, result.iterations, result.durationMs / 1000), 9);
    expect(result.gflops).toBeGreaterThan(0);
  });

  it('falls back to the CPU, saying so, when the preferred provider cannot start', async () => {
    const { logger, warnings } = recordingLogger();
    const { session, executionProvider } = await createSession(buildMatMulBenchmark(2), 'no-such-provider', logger);
    await session.release();
    expect(executionProvider).toBe('cpu');
    expect(warnings).toEqual(['onnxruntime cannot use no-such-provider; falling back to cpu']);
  });

  it('reports only the CPU provider, without probing CUDA, when no GPU was detected', async () => {
    const { logger, warnings } = recordingLogger();
    expect(await usableExecutionProviders(false, logger)).toEqual(['cpu']);
    expect(warnings).toEqual([]);
  });
});
