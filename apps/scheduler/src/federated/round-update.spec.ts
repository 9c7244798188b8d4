import { buildMlpForward, computeStandardization, initMlpWeights, loadPenguins, mlpShape, openSession, parameterNames, serializeMlpWeights, type ComputeSession } from '@corex/compute';
import { standardizeWith } from '../planning/job-data';
import { applyRound, evaluate } from './round-update';

const penguins = loadPenguins();
const shape = mlpShape({ inputs: penguins.featureNames.length, hidden: 8, classes: penguins.classNames.length, objective: 'classification' });
const validation = standardizeWith(penguins, computeStandardization(penguins));
const global = initMlpWeights(shape, 1);
const length = parameterNames(shape).reduce((n, name) => n + global[name].length, 0);
let forward: ComputeSession;

beforeAll(async () => {
  forward = await openSession(buildMlpForward(shape));
});
afterAll(() => forward.release());

describe('applyRound', () => {
  it('given a zero aggregate, when applied, then the weights are unchanged and accepted at the parent loss', async () => {
    const parent = await evaluate(global, validation, forward);
    const out = await applyRound(serializeMlpWeights(global), { weightedSum: new Float32Array(length), totalRows: 100 }, { clipNorm: 1, members: 3, parentLoss: parent.validationLoss, validation, forward });
    expect(out).toMatchObject({ accepted: true, norm: 0 });
    expect(out.validationLoss).toBeCloseTo(parent.validationLoss, 6);
  });

  it('given an aggregate above rows x clipNorm, then the round is refused and the parent weights kept', async () => {
    const globalBytes = serializeMlpWeights(global);
    const weightedSum = new Float32Array(length).fill(10);
    const out = await applyRound(globalBytes, { weightedSum, totalRows: 10 }, { clipNorm: 1, members: 3, parentLoss: null, validation, forward });
    expect(out.accepted).toBe(false);
    expect(out.norm).toBeGreaterThan(out.bound);
    expect(out.weightsBytes).toBe(globalBytes);
  });

  it('given an in-bound aggregate that makes the validation loss much worse than the parent, then it is refused', async () => {
    const parent = await evaluate(global, validation, forward);
    // Large steps of mixed signs, within the bound: allowed by the norm, wrecking the model.
    const step = (100 * 20 * 0.99) / Math.sqrt(length);
    const weightedSum = Float32Array.from({ length }, (_, i) => ((i * 7919) % 13 < 6 ? step : -step));
    const out = await applyRound(serializeMlpWeights(global), { weightedSum, totalRows: 100 }, { clipNorm: 20, members: 3, parentLoss: parent.validationLoss, validation, forward });
    expect(out.norm).toBeLessThanOrEqual(out.bound);
    expect(out.accepted).toBe(false);
  });
});
