import type { FragmentTask } from '@corex/events';
import { encodeTensorMap } from '../codecs/tensor-map-codec';
import { imageAugmentation } from '../onnx/image-augment';
import { buildPreprocess } from '../onnx/preprocess';
import { FragmentThread } from './fragment-thread';
import { runFragmentTask } from './run-fragment-task';

/** An image-augmentation task over `rows` 2×2 images, with its blobs. */
function augmentation(rows: number) {
  const { source, mask } = imageAugmentation({ height: 2, width: 2, channels: 1, flip: 0.5, shift: 1, seed: 3 }, 0, rows);
  const blobs = new Map<string, Uint8Array>([
    ['graph', buildPreprocess('image-augment', 4)],
    ['input', encodeTensorMap({ x: { data: Float32Array.from({ length: rows * 4 }, (_, i) => i), dims: [rows, 4] } })],
    ['aux', encodeTensorMap({ source: { data: source, dims: [rows, 4] }, mask: { data: mask, dims: [rows, 4] } })],
  ]);
  const task: FragmentTask = { kind: 'preprocessing', graphHash: 'graph', weightsHash: null, inputHash: 'input', auxHash: 'aux', outputs: ['y'], rows };
  return { task, reader: { get: async (hash: string) => blobs.get(hash) ?? null } };
}

describe('FragmentThread', () => {
  it('runs a task on its thread as runFragmentTask does here', async () => {
    const { task, reader } = augmentation(8);
    const thread = new FragmentThread();
    try {
      const there = await thread.run(task, reader);
      const here = await runFragmentTask(task, reader);
      expect(Array.from(there.outputs['y']!.data as Float32Array)).toEqual(Array.from(here.outputs['y']!.data as Float32Array));
    } finally {
      await thread.close();
    }
  });

  it('closed while runs are queued, answers them first and then ends its thread (never cut off inside onnxruntime)', async () => {
    const { task, reader } = augmentation(200_000);
    const thread = new FragmentThread();
    const runs = [thread.run(task, reader), thread.run(task, reader)];
    // Both requests are posted once their blobs are read: close right behind them.
    await new Promise((resolve) => setImmediate(resolve));
    await thread.close();
    const done = await Promise.all(runs);
    expect(done.map((r) => (r.outputs['y']!.data as Float32Array).length)).toEqual([800_000, 800_000]);
  });
});
