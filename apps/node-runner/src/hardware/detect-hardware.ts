import os from 'node:os';
import type { Hardware } from '@corex/events';
import type { Logger } from '@corex/platform';
import { usableExecutionProviders } from '../benchmark/execution-providers';
import { queryNvidiaGpus } from './nvidia-smi';

/** What this machine offers: CPU, memory, NVIDIA GPUs and the onnxruntime providers that work. */
export async function detectHardware(logger: Logger): Promise<Hardware> {
  const cpus = os.cpus();
  const gpus = await queryNvidiaGpus(logger);
  return {
    cpuModel: (cpus[0]?.model.trim() || 'unknown').slice(0, 200),
    // os.cpus() can come back empty in some containers.
    cpuCores: Math.min(4096, cpus.length || os.availableParallelism()),
    memoryBytes: os.totalmem(),
    gpus,
    executionProviders: await usableExecutionProviders(gpus.length > 0, logger),
    os: `${os.platform()} ${os.release()}`.slice(0, 100),
    arch: os.arch().slice(0, 40),
  };
}
