import {
  accuracy,
  buildMlpForward,
  deserializeMlpWeights,
  featureTensor,
  parameterNames,
  findModel,
  loadDataset,
  predictClasses,
  runSession,
  trainMlp,
  weightTensors,
  type MlpWeights,
  type ParameterStep,
} from '@corex/compute';
import { JobCompleted, JobStepCompleted, type JobCompletedData, type JobStepCompletedData } from '@corex/events';
import { trainingParams } from '@corex/scheduler-domain';
import { adamStep, initialAdamState, sgdStep, type AdamState } from '@corex/training-domain';
import { standardized } from '../../apps/scheduler/src/planning/job-data';
import { trainingShape } from '../../apps/scheduler/src/planning/mlp-networks';
import { startStack, type Stack } from '../support/stack';
import { eventsOfType, waitForEvent } from '../support/wait-for-event';

jest.setTimeout(900_000);

/** The bar: distributed held-out accuracy within half a percentage point of the single-process run. */
const WITHIN = 0.005;
const NODES = 4;

/**
 * The same penguins training in one process: the split and standardization the scheduler makes
 * (seed, held-out fraction), the same network and seeded initial weights, one full-batch step per
 * epoch with the same optimizer step (@corex/training-domain), evaluated on the same held-out rows.
 */
async function singleProcess(params: Record<string, unknown>): Promise<{ accuracy: number; weights: MlpWeights }> {
  const model = findModel('penguins-mlp')!;
  const dataset = loadDataset('penguins');
  const p = trainingParams(params);
  const shape = trainingShape(model, dataset, p);
  const { train, heldOut } = standardized(dataset, p.seed, p.heldOutFraction);
  let adam: AdamState | null = null;
  const optimizer: ParameterStep =
    p.optimizer === 'adam'
      ? (params, gradient) => {
          const stepped = adamStep(params, gradient, adam ?? initialAdamState(params.length), { learningRate: p.learningRate });
          adam = stepped.state;
          return stepped.params;
        }
      : (params, gradient) => sgdStep(params, gradient, p.learningRate);
  const { weights } = await trainMlp(train, { shape, steps: p.epochs, learningRate: p.learningRate, seed: p.seed, optimizer });
  const { probabilities } = await runSession(buildMlpForward(shape), { x: featureTensor(heldOut), ...weightTensors(weights) });
  return { accuracy: accuracy(predictClasses(probabilities.data as Float32Array, shape.classes), heldOut.labels), weights };
}

/** Largest difference between two sets of weights, parameter by parameter. */
function maxDifference(a: MlpWeights, b: MlpWeights): number {
  let max = 0;
  for (const name of parameterNames(a.shape)) a[name].forEach((v, i) => (max = Math.max(max, Math.abs(v - b[name][i]!))));
  return max;
}

describe(`penguins trained over ${NODES} node-runner processes`, () => {
  let stack: Stack;
  let apiKey: string;

  beforeAll(async () => {
    stack = await startStack();
    apiKey = (await stack.createAccount('trainer')).apiKey;
    for (let i = 0; i < NODES; i++) stack.spawnNodeRunner(['start', '--json', '--home', stack.home(`n${i}`), '--name', `node-${i}`, '--slots', '1']);
  });
  afterAll(async () => stack?.close());

  async function train(params: Record<string, unknown>) {
    const submitted = await stack.api('POST', '/v1/jobs', { token: apiKey, body: { type: 'training', model: 'penguins-mlp', dataset: 'penguins', budget: '20', priority: 'normal', params } });
    expect(submitted.status).toBe(202);
    const jobId = submitted.body.id as string;
    const completed = await waitForEvent<JobCompletedData>(stack.log, JobCompleted.type, (d) => d.jobId === jobId, 420_000);
    const steps = (await eventsOfType<JobStepCompletedData>(stack.log, JobStepCompleted.type)).filter((e) => e.data.jobId === jobId).map((e) => e.data);
    return { result: completed.data.result, steps };
  }

  it.each([
    ['SGD', { epochs: 30, shards: 4, optimizer: 'sgd' }],
    ['Adam', { epochs: 30, shards: 4, optimizer: 'adam' }],
  ])('with %s reaches the single-process held-out accuracy within 0.5 pp, each step recording its participants from several nodes', async (name, params) => {
    const [{ result, steps }, reference] = await Promise.all([train(params), singleProcess(params)]);
    const distributed = deserializeMlpWeights((await (await stack.log.blobs()).get(result.weightsHash!))!);
    const weightGap = maxDifference(distributed, reference.weights);
    const nodes = new Set(steps.flatMap((s) => s.participants!.map((p) => p.nodeId)));
    // Printed for the report: the figures this run measured.
    process.stdout.write(`${JSON.stringify({ optimizer: name, distributed: result.accuracy, singleProcess: reference.accuracy, weightGap, nodes: nodes.size })}\n`);
    expect(result.kind).toBe('model');
    expect(Math.abs(result.accuracy! - reference.accuracy)).toBeLessThanOrEqual(WITHIN);
    expect(reference.accuracy).toBeGreaterThan(0.9);
    // Finer than accuracy: the mean of the shards' gradients is the full-batch gradient, so the weights agree to float rounding.
    expect(weightGap).toBeLessThan(1e-3);
    expect(steps.map((s) => s.step)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    for (const step of steps) {
      expect(step).toMatchObject({ optimizer: params.optimizer, rule: 'mean', accepted: true, stragglers: [], rejected: [] });
      expect(step.participants).toHaveLength(4);
      expect(step.parentWeightsHash).toBe(step.step === 0 ? null : steps[step.step - 1]!.weightsHash);
      if (params.optimizer === 'adam') expect(step.optimizerStateHash).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(nodes.size).toBeGreaterThan(1);
  });
});
