import { JobFailed, type EventEnvelope, type NewEvent } from '@corex/events';
import { NODE_B, work } from '../../test/work-events';
import { evolveJobRow } from './jobs.evolve';
import type { JobRow } from './jobs.row';

/** given(events) folds them through evolve like the projector does, one sequence number each. */
function given(events: NewEvent[]): JobRow | null {
  return events.reduce<JobRow | null>((row, e, i) => evolveJobRow(row, envelope(e), i + 1), null);
}

function envelope(e: NewEvent): EventEnvelope {
  return { ...e, id: 'e', time: '2026-11-26T09:59:00.000Z' } as EventEnvelope;
}

const job = 'job-1';
const fragments = [
  { id: 'f1', rows: 40 },
  { id: 'f2', rows: 60 },
];

describe('jobs projection evolve', () => {
  it('shows a submitted job with empty progress', () => {
    expect(given([work.submitted(job)])).toMatchObject({ status: 'submitted', fragments_planned: 0, rows_total: 0, latest_step: null, best_step: null, started_at: null });
  });

  it('makes the row of a submitted job from the event alone, whatever row it is given (jobsProjection.creates)', () => {
    const progressed = given([work.submitted(job), work.planned(job, fragments, 0, 3), work.assigned(job, 'f1', 'l1')]);
    const submittedEvent = envelope(work.submitted(job));
    expect(progressed).not.toBeNull();
    expect(evolveJobRow(progressed, submittedEvent, 9)).toEqual(evolveJobRow(null, submittedEvent, 9));
  });

  it('shows how the newest step was aggregated in latest_step, and only its metrics in best_step', () => {
    const step = work.step(job, 0, 0.8);
    const details = {
      rule: 'krum',
      optimizer: 'adam',
      participants: [{ fragmentId: 'f1', nodeId: NODE_B, rows: 40 }],
      rejected: [{ fragmentId: 'f1', nodeId: NODE_B, reason: 'excluded', measure: 3 }],
      stragglers: [{ fragmentId: 'f2', nodeId: null }],
      accepted: true,
      validationLoss: 0.3,
    };
    const row = given([work.submitted(job), { ...step, data: { ...(step.data as object), ...details } }]);
    expect(row?.latest_step).toEqual({ step: 0, loss: expect.any(Number), accuracy: 0.8, ...details });
    expect(row?.best_step).toEqual({ step: 0, loss: expect.any(Number), accuracy: 0.8 });
  });

  it('counts planned fragments and rows, and marks the job planned', () => {
    expect(given([work.submitted(job), work.planned(job, fragments, 0, 3)])).toMatchObject({
      status: 'planned',
      fragments_planned: 2,
      total_steps: 3,
      rows_total: 300,
      pending_fragments: { f1: 40, f2: 60 },
    });
  });

  it('runs from the first assignment and counts open leases as in progress', () => {
    const row = given([work.submitted(job), work.planned(job, fragments), work.assigned(job, 'f1', 'l1'), work.assigned(job, 'f2', 'l2', NODE_B, 1, 3)]);
    expect(row).toMatchObject({ status: 'running', fragments_assigned: 2, started_at: '2026-11-26T09:02:00.000Z' });
  });

  it('counts a lease that ended without a result as failed and the re-assigned fragment once completed', () => {
    const row = given([
      work.submitted(job),
      work.planned(job, fragments),
      work.assigned(job, 'f1', 'l1'),
      work.leaseEnded(job, 'f1', 'l1'),
      work.assigned(job, 'f1', 'l2', NODE_B, 2, 3),
      work.fragmentCompleted(job, 'f1', 'l2', 40, NODE_B),
    ]);
    expect(row).toMatchObject({ fragments_failed: 1, fragments_completed: 1, fragments_assigned: 0, rows_processed: 40 });
    expect(row!.pending_fragments).toEqual({ f2: 60 });
  });

  it('counts a fragment once when two leases return it, and a lease ended by cancellation not as failed', () => {
    const row = given([
      work.submitted(job),
      work.planned(job, fragments),
      work.assigned(job, 'f1', 'l1'),
      work.assigned(job, 'f1', 'l2', NODE_B),
      work.fragmentCompleted(job, 'f1', 'l1', 40),
      work.fragmentCompleted(job, 'f1', 'l2', 40, NODE_B),
      work.assigned(job, 'f2', 'l3'),
      work.leaseEnded(job, 'f2', 'l3', 'cancelled'),
    ]);
    expect(row).toMatchObject({ fragments_completed: 1, rows_processed: 40, fragments_failed: 0, fragments_assigned: 0 });
  });

  it('keeps the latest and the best step, not every step, and ends with the result summary', () => {
    const row = given([
      work.submitted(job),
      work.planned(job, fragments, 0, 3),
      work.step(job, 1, 0.8),
      work.step(job, 0, 0.6),
      work.step(job, 2, 0.7),
      work.completed(job),
    ]);
    // steps_seq: the sequence of the newest step event (the fifth here), which the steps route waits for.
    expect(row).toMatchObject({ latest_step: { step: 2, accuracy: 0.7 }, best_step: { step: 1, accuracy: 0.8 }, steps_seq: 5 });
    expect(row).not.toHaveProperty('steps');
    expect(row).toMatchObject({ status: 'completed', completed_at: '2026-11-26T09:10:00.000Z', finished_at: '2026-11-26T09:10:00.000Z' });
    expect(row!.pending_fragments).toEqual({});
    expect(row!.result).toMatchObject({ kind: 'model', accuracy: 0.9 });
  });

  it('judges regression steps by the lowest held-out rmse, and keeps no weights in the summary', () => {
    const regression = (step: number, rmse: number, loss: number) => {
      const e = work.step(job, step, 0);
      const data = { ...(e.data as object), loss, rmse, r2: 1 - rmse } as Record<string, unknown>;
      delete data['accuracy'];
      return { ...e, data } as NewEvent;
    };
    const row = given([work.submitted(job), regression(0, 0.5, 0.1), regression(1, 0.2, 0.3), regression(2, 0.3, 0.05)]);
    expect(row!.latest_step).toEqual({ step: 2, loss: 0.05, rmse: 0.3, r2: expect.closeTo(0.7, 9) });
    expect(row!.best_step).toEqual({ step: 1, loss: 0.3, rmse: 0.2, r2: expect.closeTo(0.8, 9) });
  });

  it('keeps the first terminal status and records why a job failed', () => {
    const failed = given([work.submitted(job), work.failed(job), work.completed(job), work.assigned(job, 'f1', 'l1')]);
    expect(failed).toMatchObject({ status: 'failed', failure: { code: 'JOB.NO_NODES' }, result: null });
  });

  it('given a job failed on an exhausted fragment, when evolved, then the failure keeps the fragment, its attempts and their errors', () => {
    const fragment = {
      fragmentId: 'f1',
      index: 0,
      step: 0,
      attempts: [{ nodeId: NODE_B, leaseId: 'l1', reason: 'failed', error: { code: 'RUNNER.EXECUTION_FAILED', message: 'Relu failed' }, endedAt: '2026-11-26T10:00:00.000Z' }],
    };
    const exhausted = { type: JobFailed.type, data: { jobId: job, code: 'JOB.FRAGMENT_EXHAUSTED', reason: 'fragment f1 failed', fragment, failedAt: '2026-11-26T10:00:01.000Z' } };
    expect(given([work.submitted(job), exhausted])!.failure).toEqual({ code: 'JOB.FRAGMENT_EXHAUSTED', reason: 'fragment f1 failed', fragment });
    expect(given([work.submitted(job), work.failed(job)])!.failure).not.toHaveProperty('fragment');
  });

  it('ignores fragment events of a job it does not know', () => {
    expect(given([work.assigned(job, 'f1', 'l1')])).toBeNull();
  });
});
