import { JobSubmitted } from '@corex/events';
import { deciderSpec } from '@corex/platform';
import type { CatalogView } from './catalog-view';
import { decideJob, evolveJob, initialJobState, type SubmitJob } from './job.decider';

const spec = deciderSpec({ decide: decideJob, evolve: evolveJob, initialState: initialJobState });
const catalog: CatalogView = {
  models: [
    { id: 'penguins-mlp', tasks: ['inference', 'training'] },
    { id: 'standardizer', tasks: ['preprocessing'] },
  ],
  datasets: [{ id: 'penguins' }],
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
});
