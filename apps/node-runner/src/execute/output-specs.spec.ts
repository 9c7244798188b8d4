import { resolveOutputSpecs } from './output-specs';

const mlpInputs = [
  { name: 'x', type: 'float32', shape: ['N', 4] },
  { name: 'W1', type: 'float32', shape: [4, 16] },
];

describe('resolveOutputSpecs', () => {
  it('binds the batch symbol from the fed input to size the outputs', () => {
    const outputs = [{ name: 'probabilities', type: 'float32', shape: ['N', 3] }, { name: 'loss', type: 'float32', shape: [] }];
    const feeds = { x: { dims: [1024, 4] }, W1: { dims: [4, 16] } };
    expect(resolveOutputSpecs(mlpInputs, outputs, feeds, ['probabilities', 'loss'])).toEqual([
      { name: 'probabilities', dtype: 'float32', dims: [1024, 3] },
      { name: 'loss', dtype: 'float32', dims: [] },
    ]);
  });

  it('gives up on a symbol no input binds, an unnamed dynamic dim, or a type the format lacks', () => {
    const feeds = { x: { dims: [8, 4] } };
    expect(resolveOutputSpecs(mlpInputs, [{ name: 'y', type: 'float32', shape: ['M', 3] }], feeds, ['y'])).toBeNull();
    expect(resolveOutputSpecs(mlpInputs, [{ name: 'y', type: 'float32', shape: [-1, 3] }], feeds, ['y'])).toBeNull();
    expect(resolveOutputSpecs(mlpInputs, [{ name: 'y', type: 'float16', shape: ['N', 3] }], feeds, ['y'])).toBeNull();
    expect(resolveOutputSpecs(mlpInputs, [{ name: 'other', type: 'float32', shape: ['N'] }], feeds, ['y'])).toBeNull();
  });

  it('gives up when two feeds bind the same symbol differently or a feed has another rank', () => {
    const inputs = [{ name: 'a', shape: ['N', 2] }, { name: 'b', shape: ['N'] }];
    const outputs = [{ name: 'y', type: 'float32', shape: ['N'] }];
    expect(resolveOutputSpecs(inputs, outputs, { a: { dims: [3, 2] }, b: { dims: [4] } }, ['y'])).toBeNull();
    expect(resolveOutputSpecs(inputs, outputs, { a: { dims: [3, 2, 1] }, b: { dims: [3] } }, ['y'])).toBeNull();
    expect(resolveOutputSpecs(inputs, outputs, { a: { dims: [3, 2] }, b: { dims: [3] } }, ['y'])).toEqual([{ name: 'y', dtype: 'float32', dims: [3] }]);
  });
});
