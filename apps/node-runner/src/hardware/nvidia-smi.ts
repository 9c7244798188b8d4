import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Hardware } from '@corex/events';
import type { Logger } from '@corex/platform';

type Gpu = Hardware['gpus'][number];

const QUERY_ARGS = ['--query-gpu=name,memory.total,driver_version', '--format=csv,noheader,nounits'];
const MIB = 1024 * 1024;

/**
 * GPUs reported by `nvidia-smi`; none when it is not installed. A failing or hanging nvidia-smi
 * (driver not loaded, no device) also means no usable GPU, with a warning.
 */
export async function queryNvidiaGpus(logger: Logger, command = 'nvidia-smi', timeoutMs = 5_000): Promise<Gpu[]> {
  try {
    const { stdout } = await promisify(execFile)(command, QUERY_ARGS, { timeout: timeoutMs });
    return parseNvidiaSmiCsv(stdout);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      logger.warn({ err: (err as Error).message }, 'nvidia-smi failed; reporting no GPUs');
    }
    return [];
  }
}

/** Parses `name, memory.total [MiB], driver_version` lines; the name itself may contain commas. */
export function parseNvidiaSmiCsv(csv: string): Gpu[] {
  return csv
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => {
      const fields = line.split(',').map((f) => f.trim());
      const driver = fields.pop() ?? '';
      const memoryMiB = Number.parseInt(fields.pop() ?? '', 10);
      return {
        name: fields.join(', ').slice(0, 200),
        memoryBytes: Number.isFinite(memoryMiB) && memoryMiB > 0 ? memoryMiB * MIB : 0,
        driver: driver.slice(0, 100),
      };
    })
    .slice(0, 64);
}
