import { InferenceSession, listSupportedBackends } from 'onnxruntime-node';
import { buildMatMulBenchmark } from '@corex/compute';
import type { Logger } from '@corex/platform';

/**
 * Execution providers this machine can really run a session on, best first. CUDA is only tried
 * when a GPU was detected: onnxruntime lists it whether or not the CUDA libraries are installed.
 */
export async function usableExecutionProviders(gpuDetected: boolean, logger: Logger): Promise<string[]> {
  const listed = listSupportedBackends().map((backend) => backend.name);
  const usable: string[] = [];
  if (gpuDetected && listed.includes('cuda')) {
    const probe = await createSession(buildMatMulBenchmark(2), 'cuda', logger);
    await probe.session.release();
    if (probe.executionProvider === 'cuda') usable.push('cuda');
  }
  usable.push('cpu');
  return usable;
}

/**
 * A session on the preferred provider, or on the CPU when that provider cannot start (onnxruntime
 * throws rather than falling back by itself when, e.g., the CUDA libraries are missing).
 */
export async function createSession(
  model: Uint8Array,
  preferred: string,
  logger: Logger,
  options: Omit<InferenceSession.SessionOptions, 'executionProviders'> = {},
): Promise<{ session: InferenceSession; executionProvider: string }> {
  if (preferred !== 'cpu') {
    try {
      const session = await InferenceSession.create(model, { ...options, executionProviders: [preferred] });
      return { session, executionProvider: preferred };
    } catch (err) {
      const reason = (err as Error).message;
      logger.warn({ err: reason, executionProvider: preferred }, `onnxruntime cannot use ${preferred}; falling back to cpu`);
    }
  }
  return { session: await InferenceSession.create(model, { ...options, executionProviders: ['cpu'] }), executionProvider: 'cpu' };
}
