import { trainingParams } from './job-params';

describe('trainingParams', () => {
  it('fills the defaults: 30 epochs, 4 shards, learning rate 0.5, 20% held out, seed 1', () => {
    expect(trainingParams({})).toEqual({ epochs: 30, shards: 4, learningRate: 0.5, heldOutFraction: 0.2, seed: 1 });
  });

  it('keeps values inside the ranges', () => {
    const params = { epochs: 12, shards: 8, learningRate: 0.05, heldOutFraction: 0.3, seed: 42 };
    expect(trainingParams(params)).toEqual(params);
  });

  it('clamps epochs to 1..1000, shards to 1..256, learning rate and held-out fraction to their bounds', () => {
    expect(trainingParams({ epochs: 0, shards: 1000, learningRate: 99, heldOutFraction: 1 })).toMatchObject({
      epochs: 1,
      shards: 256,
      learningRate: 10,
      heldOutFraction: 0.9,
    });
    expect(trainingParams({ epochs: 5000, shards: -3, learningRate: 0, heldOutFraction: 0 })).toMatchObject({
      epochs: 1000,
      shards: 1,
      learningRate: 1e-6,
      heldOutFraction: 0.01,
    });
  });

  it('ignores values that are not finite numbers', () => {
    expect(trainingParams({ epochs: '12', shards: NaN, learningRate: Infinity, seed: null })).toEqual(trainingParams({}));
  });
});
