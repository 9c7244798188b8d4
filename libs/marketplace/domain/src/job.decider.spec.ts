import { JobCancelled, JobCompleted, JobFailed, JobFragmentsPlanned, JobStepCompleted, JobSubmitted } from '@corex/events';
import { deciderSpec } from '@corex/platform';
import type { CatalogView } from './catalog-view';
import { decideJob, evolveJob, initialJobState, type CancelJob, type SubmitJob } from './job.decider';

const spec = deciderSpec({ decide: decideJob, evolve: evolveJob, initialState: initialJobState });
const catalog: CatalogView = {
  models: [
    { id: 'penguins-mlp', tasks: ['inference', 'training'], inputs: 4, classes: 3 },
    { id: 'standardizer', tasks: ['preprocessing'], inputs: 'any' },
  ],
  datasets: [{ id: 'penguins', features: ['a', 'b', 'c', 'd'], classes: ['x', 'y', 'z'] }],
};
const now = new Date('2026-11-25T10:00:00.000Z');

function submit(overrides: Partial<SubmitJob['request']> = {}, extra: Partial<SubmitJob> = {}): SubmitJob {
  return {
    kind: 'SubmitJob',
    jobId: 'job-1',
    accountId: 'acc-1',
    catalog,
    now,
    request: {
      type: 'inference',
      model: 'penguins-mlp',
      dataset: 'penguins',
      budget: '12.50',
      priority: 'normal',
      requirements: {},
      params: {},
      ...overrides,
    },
    ...extra,
  };
}

const submittedEvent = {
  type: JobSubmitted.type,
  data: {
    jobId: 'job-1',
    accountId: 'acc-1',
    type: 'inference' as const,
    model: 'penguins-mlp',
    dataset: 'penguins',
    budget: '12.5',
    priority: 'normal' as const,
    requirements: {},
    params: {},
    submittedAt: now.toISOString(),
  },
};

describe('job decider', () => {
  it('submits a new job with its budget normalised', () => {
    spec.given([]).when(submit()).then([submittedEvent]);
  });

  it('carries the idempotency key and the deterministic event id', () => {
    spec
      .given([])
      .when(submit({}, { idempotencyKey: 'k-1', eventId: 'evt-1' }))
      .then([{ ...submittedEvent, id: 'evt-1', data: { ...submittedEvent.data, idempotencyKey: 'k-1' } }]);
  });

  describe('verification policy', () => {
    it('given a spot-check policy, when submitted, then JobSubmitted records it; without one nothing is recorded (adaptive)', () => {
      spec.given([]).when(submit({ verification: { mode: 'spot-check', rate: 0.2 } })).then([
        { ...submittedEvent, data: { ...submittedEvent.data, verification: { mode: 'spot-check', rate: 0.2 } } },
      ]);
    });

    it('given redundancy without a factor, when submitted, then the factor 2 is recorded', () => {
      const [event] = decideJob(submit({ verification: { mode: 'redundancy' } }), initialJobState());
      expect((event!.data as { verification: unknown }).verification).toEqual({ mode: 'redundancy', factor: 2 });
    });

    it.each([
      ['an unknown mode', { mode: 'trust-me' }],
      ['a rate out of range', { mode: 'spot-check', rate: 0 }],
      ['a rate above 1', { mode: 'spot-check', rate: 1.5 }],
      ['a factor other than 2', { mode: 'redundancy', factor: 3 }],
      ['an unknown field', { mode: 'adaptive', strength: 'max' }],
      ['no mode', 'adaptive'],
    ])('given %s, when submitted, then JOB.VERIFICATION_INVALID', (_what, verification) => {
      spec.given([]).when(submit({ verification })).thenThrows('JOB.VERIFICATION_INVALID');
    });
  });

  it('refuses a job submitted twice', () => {
    spec.given([submittedEvent]).when(submit()).thenThrows('JOB.ALREADY_SUBMITTED');
  });

  it.each(['0', '0.000', '1000000.000000000000000001', '-1', '1e3', '01'])('refuses budget %s', (budget) => {
    spec.given([]).when(submit({ budget })).thenThrows('JOB.BUDGET_INVALID');
  });

  it('accepts the smallest positive budget of one base unit', () => {
    const [event] = decideJob(submit({ budget: '0.000000000000000001' }), initialJobState());
    expect((event!.data as { budget: string }).budget).toBe('0.000000000000000001');
  });

  it('refuses an unknown model, an unknown dataset and a model that cannot do the job type', () => {
    spec.given([]).when(submit({ model: 'gpt-9' })).thenThrows('JOB.MODEL_UNKNOWN');
    spec.given([]).when(submit({ dataset: 'imagenet' })).thenThrows('JOB.DATASET_UNKNOWN');
    spec.given([]).when(submit({ type: 'preprocessing' })).thenThrows('JOB.MODEL_TASK_UNSUPPORTED');
  });

  describe('params, refused and never bent', () => {
    const errorsOf = (command: SubmitJob) => {
      try {
        decideJob(command, initialJobState());
      } catch (err) {
        return { code: (err as { code: string }).code, errors: (err as { details?: { errors?: unknown } }).details?.errors };
      }
      throw new Error('expected a refusal');
    };

    it('given a typo, when submitted, then JOB.PARAMS_INVALID names params.bachRows as unknown', () => {
      expect(errorsOf(submit({ params: { bachRows: 64 } }))).toEqual({
        code: 'JOB.PARAMS_INVALID',
        errors: [{ field: 'params.bachRows', code: 'unknown', message: expect.any(String) }],
      });
    });

    it('given a number sent as a string or out of range, when submitted, then it is a type or range error', () => {
      expect(errorsOf(submit({ params: { batchRows: '64' } })).errors).toEqual([expect.objectContaining({ field: 'params.batchRows', code: 'type' })]);
      expect(errorsOf(submit({ type: 'training', params: { epochs: 5000 } })).errors).toEqual([expect.objectContaining({ field: 'params.epochs', code: 'range' })]);
    });

    it("given another model's param, when submitted, then it is unknown here", () => {
      expect(errorsOf(submit({ type: 'training', params: { hiddenUnits: 8 } })).errors).toEqual([expect.objectContaining({ field: 'params.hiddenUnits', code: 'unknown' })]);
    });

    it('given a training job with some params, when submitted, then the event carries every param it runs with', () => {
      const [event] = decideJob(submit({ type: 'training', params: { epochs: 5 } }), initialJobState());
      expect((event!.data as { params: unknown }).params).toEqual({
        epochs: 5,
        shards: 4,
        learningRate: 0.5,
        optimizer: 'sgd',
        aggregation: { rule: 'mean' },
        stepDeadlineMs: 300_000,
        minParticipation: 0.6,
        heldOutFraction: 0.2,
        seed: 1,
      });
    });

    it('given an Adam training job without a learning rate, when submitted, then the event carries the Adam default', () => {
      const [event] = decideJob(submit({ type: 'training', params: { optimizer: 'adam' } }), initialJobState());
      expect((event!.data as { params: { learningRate: number } }).params.learningRate).toBe(0.05);
    });
  });

  describe('fit, checked before the job is accepted', () => {
    const sized = { id: 'mlp', tasks: ['inference', 'training', 'feature-extraction'] as const, inputs: 'any' as const, objectives: ['classification', 'regression'] as const };
    const pets = { id: 'ds-1', name: 'pets', features: ['a', 'b', 'c'], classes: ['cat', 'dog'] };
    const raw = { id: 'ds-2', name: 'raw', features: ['a', 'b', 'c', 'd'], classes: [] };
    const onnx = { id: 'm-1', origin: 'upload' as const, tasks: ['inference'] as const, inputs: [{ name: 'x', type: 'float32', dims: ['N', 5] }], outputs: [{ name: 'y', type: 'float32', dims: ['N', 2] }] };
    const wide: CatalogView = { models: [...catalog.models, sized, onnx], datasets: [...catalog.datasets, pets, raw] };
    const on = (request: Partial<SubmitJob['request']>) => submit(request, { catalog: wide });

    it('given penguins-mlp and a 3-feature upload, when training, then JOB.MODEL_DATASET_MISMATCH and nothing is submitted', () => {
      spec.given([]).when(on({ type: 'training', dataset: 'ds-1' })).thenThrows('JOB.MODEL_DATASET_MISMATCH');
    });

    it('given an uploaded model whose input is 5 wide, when run on 3 features, then JOB.MODEL_DATASET_MISMATCH', () => {
      spec.given([]).when(on({ model: 'm-1', dataset: 'ds-1' })).thenThrows('JOB.MODEL_DATASET_MISMATCH');
    });

    it('given an unlabelled dataset, when training the sized mlp, then JOB.DATASET_UNLABELLED', () => {
      spec.given([]).when(on({ type: 'training', model: 'mlp', dataset: 'ds-2' })).thenThrows('JOB.DATASET_UNLABELLED');
    });

    it('given the sized mlp and a labelled upload, when training, then it is submitted with hiddenUnits and hiddenLayers', () => {
      const [event] = decideJob(on({ type: 'training', model: 'mlp', dataset: 'ds-1', params: { hiddenUnits: 8 } }), initialJobState());
      expect((event!.data as { params: unknown }).params).toMatchObject({ hiddenUnits: 8, hiddenLayers: 1 });
    });

    it('given the sized mlp without weights, when running inference or extracting features, then JOB.WEIGHTS_REQUIRED', () => {
      spec.given([]).when(on({ type: 'inference', model: 'mlp', dataset: 'ds-1' })).thenThrows('JOB.WEIGHTS_REQUIRED');
      spec.given([]).when(on({ type: 'feature-extraction', model: 'mlp', dataset: 'ds-1' })).thenThrows('JOB.WEIGHTS_REQUIRED');
      const [event] = decideJob(on({ type: 'inference', model: 'mlp', dataset: 'ds-1', params: { weights: 'a'.repeat(64) } }), initialJobState());
      expect((event!.data as { params: unknown }).params).toMatchObject({ weights: 'a'.repeat(64) });
    });

    it('given an uploaded model, when weights are passed, then the param is unknown for it', () => {
      spec.given([]).when(on({ model: 'm-1', dataset: 'penguins', params: { weights: 'a'.repeat(64) } })).thenThrows('JOB.PARAMS_INVALID');
    });
  });

  describe('cancel', () => {
    const later = new Date('2026-11-25T10:05:00.000Z');
    const cancel = (accountId = 'acc-1'): CancelJob => ({ kind: 'CancelJob', jobId: 'job-1', accountId, now: later });
    const hash = 'a'.repeat(64);
    const at = later.toISOString();
    const planned = { type: JobFragmentsPlanned.type, data: { jobId: 'job-1', step: 0, totalSteps: 2, totalRows: 10, fragments: [], plannedAt: at } };
    const step = { type: JobStepCompleted.type, data: { jobId: 'job-1', step: 0, loss: 0.5, accuracy: 0.8, weightsHash: hash, completedAt: at } };
    const completed = { type: JobCompleted.type, data: { jobId: 'job-1', result: { kind: 'model', resultHash: hash, rows: 10 }, completedAt: at } };
    const failed = { type: JobFailed.type, data: { jobId: 'job-1', code: 'X', reason: 'boom', failedAt: at } };
    const cancelled = { type: JobCancelled.type, data: { jobId: 'job-1', accountId: 'acc-1', cancelledAt: at } };

    it('cancels a submitted job of the caller', () => {
      spec.given([submittedEvent]).when(cancel()).then([cancelled]);
    });

    it('cancels a job whose fragments are planned and steps are under way', () => {
      spec.given([submittedEvent, planned, step]).when(cancel()).then([cancelled]);
    });

    it.each([
      ['completed', completed],
      ['failed', failed],
      ['cancelled', cancelled],
    ])('refuses to cancel a %s job', (_status, terminal) => {
      spec.given([submittedEvent, planned, terminal]).when(cancel()).thenThrows('JOB.ALREADY_FINISHED');
    });

    it("answers not found for a job that does not exist or is another account's", () => {
      spec.given([]).when(cancel()).thenThrows('JOB.NOT_FOUND');
      spec.given([submittedEvent]).when(cancel('acc-2')).thenThrows('JOB.NOT_FOUND');
    });

    it('keeps a finished job finished whatever comes after', () => {
      const state = [submittedEvent, completed, planned, failed].reduce(evolveJob, initialJobState());
      expect(state.status).toBe('completed');
    });
  });
});
