import { JobCancelled, JobCompleted, JobFailed, JobFragmentsPlanned, JobStepCompleted, JobSubmitted } from '@corex/events';
import { deciderSpec } from '@corex/platform';
import type { CatalogView } from './catalog-view';
import { decideJob, evolveJob, initialJobState, type CancelJob, type SubmitJob } from './job.decider';

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
