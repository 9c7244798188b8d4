import { buildMlpForward, initMlpWeights, openSession, weightsOf, type Dataset, type MlpShape } from '@corex/compute';
import { evaluate } from './training-step';

describe('evaluate', () => {
  const x = Float32Array.from([1, 0, 0, 1, 1, 1, -1, 2]);
  const heldOut = (extra: Partial<Dataset>): Dataset => ({ features: x, rows: 4, featureNames: ['a', 'b'], labels: Int32Array.from([0, 1, 1, 0]), classNames: ['no', 'yes'], ...extra });

  it('given a regressor, reports RMSE and R² of its predictions on the held-out targets', async () => {
    // prediction = ReLU(x·W1 + b1)·W2 + b2 with W1 = I, b1 = 0, W2 = [2, 3], b2 = 1: rows predict 3, 4, 6, 7.
    const shape: MlpShape = { inputs: 2, hidden: 2, classes: 1, objective: 'regression' };
    const weights = weightsOf(shape, [Float32Array.from([1, 0, 0, 1]), new Float32Array(2), Float32Array.from([2, 3]), Float32Array.from([1])]);
    const targets = Float32Array.from([3, 4, 6, 9]);
    const session = await openSession(buildMlpForward(shape));
    const metrics = await evaluate(weights, heldOut({ targets }), session);
    await session.release();
    expect(metrics).toEqual({ rmse: expect.closeTo(1, 6), r2: expect.closeTo(1 - 4 / 21, 6) });
  });

  it('given a classifier, reports held-out accuracy', async () => {
    const shape: MlpShape = { inputs: 2, hidden: 3, classes: 2 };
    const session = await openSession(buildMlpForward(shape));
    const metrics = await evaluate(initMlpWeights(shape, 1), heldOut({}), session);
    await session.release();
    expect(Object.keys(metrics)).toEqual(['accuracy']);
    expect((metrics as { accuracy: number }).accuracy * 4).toBe(Math.round((metrics as { accuracy: number }).accuracy * 4));
  });
});
