import pino from 'pino';
import { parseNvidiaSmiCsv, queryNvidiaGpus } from './nvidia-smi';

describe('nvidia-smi', () => {
  it('parses one GPU per line with memory in bytes', () => {
    const csv = 'NVIDIA GeForce RTX 3090, 24576, 535.104.05\nTesla T4, 15360, 535.104.05\n';
    expect(parseNvidiaSmiCsv(csv)).toEqual([
      { name: 'NVIDIA GeForce RTX 3090', memoryBytes: 24576 * 1024 * 1024, driver: '535.104.05' },
      { name: 'Tesla T4', memoryBytes: 15360 * 1024 * 1024, driver: '535.104.05' },
    ]);
  });

  it('keeps commas inside a GPU name and reads unknown memory as 0', () => {
    expect(parseNvidiaSmiCsv('Board, Rev 2, [N/A], 550.1')).toEqual([{ name: 'Board, Rev 2', memoryBytes: 0, driver: '550.1' }]);
  });

  it('reports no GPUs when nvidia-smi is not installed', async () => {
    expect(await queryNvidiaGpus(pino({ level: 'silent' }), 'corex-no-such-nvidia-smi')).toEqual([]);
  });
});
