import type { FragmentTask } from '@corex/events';
import { encodeTensorMap } from '../codecs/tensor-map-codec';
import { imageAugmentation } from '../onnx/image-augment';
import { buildPreprocess } from '../onnx/preprocess';
import { runFragmentTask } from './run-fragment-task';

describe('runFragmentTask on sampled rows', () => {
  it('picks the same rows of per-row aux feeds (image transforms) as of the input', async () => {
    const rows = 6;
    const options = { height: 2, width: 2, channels: 1, flip: 0.5, shift: 1, seed: 9 };
    const x = Float32Array.from({ length: rows * 4 }, (_, i) => i + 1);
    const { source, mask } = imageAugmentation(options, 0, rows);
    const blobs = new Map<string, Uint8Array>([
      ['graph', buildPreprocess('image-augment', 4)],
      ['input', encodeTensorMap({ x: { data: x, dims: [rows, 4] } })],
      ['aux', encodeTensorMap({ source: { data: source, dims: [rows, 4] }, mask: { data: mask, dims: [rows, 4] } })],
    ]);
    const reader = { get: async (hash: string) => blobs.get(hash) ?? null };
    const task: FragmentTask = { kind: 'preprocessing', graphHash: 'graph', weightsHash: null, inputHash: 'input', auxHash: 'aux', outputs: ['y'], rows };
    const whole = (await runFragmentTask(task, reader)).outputs['y']!.data as Float32Array;
    const sampled = (await runFragmentTask(task, reader, { rows: [4, 1] })).outputs['y']!.data as Float32Array;
    expect(Array.from(sampled)).toEqual([...whole.subarray(16, 20), ...whole.subarray(4, 8)]);
  });
});
