import { buildFeeds } from './graph-feeds';

describe('buildFeeds', () => {
  const input = { x: 'x-tensor', y: 'y-tensor' };
  const weights = { W1: 'W1', b1: 'b1', W2: 'W2', b2: 'b2' };

  it('feeds exactly the graph inputs, from the input map, the weights and the aux map', () => {
    const feeds = buildFeeds(['x', 'W1', 'b1', 'mean'], { input, weights, aux: { mean: 'mean', std: 'std' } });
    expect(feeds).toEqual({ x: 'x-tensor', W1: 'W1', b1: 'b1', mean: 'mean' });
  });

  it("feeds the input map's x to a custom model whose first input has another name", () => {
    expect(buildFeeds(['pixels', 'W1'], { input, weights })).toEqual({ pixels: 'x-tensor', W1: 'W1' });
  });

  it('prefers the input map over weights and aux for a name present in several', () => {
    expect(buildFeeds(['x'], { input, aux: { x: 'aux-x' } })).toEqual({ x: 'x-tensor' });
  });

  it('names every input that has no feed, and what the task offered', () => {
    expect(() => buildFeeds(['x', 'W1', 'sigma'], { input: { x: 'x-tensor' } })).toThrow(
      expect.objectContaining({ code: 'RUNNER.GRAPH_INPUT_UNFED', details: { missing: ['W1', 'sigma'], offered: ['x'] } }),
    );
  });

  it('does not take inherited object properties for feeds', () => {
    expect(() => buildFeeds(['x', 'constructor'], { input })).toThrow(expect.objectContaining({ details: expect.objectContaining({ missing: ['constructor'] }) }));
  });
});
