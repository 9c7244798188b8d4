import { CrossChainCancelRequested } from '@corex/events';
import { deterministicId } from '@corex/platform';
import type { CrossChainTaskCommand } from './cross-chain-task.commands';
import type { CrossChainTaskEvent } from './cross-chain-task.events';
import { assertCatalogValid, crossChainTask, jobEvents, now, observe, run, submit, taskId } from './testing/cross-chain-task.fixtures';

const submitter = `0x${'33'.repeat(20)}`;
const source = { kind: 'log' as const, txHash: `0x${'77'.repeat(32)}`, logIndex: 2 };
const cancel = (requester = submitter): CrossChainTaskCommand => ({ kind: 'RequestCancel', requester, source, now });
const requested = { id: deterministicId(CrossChainCancelRequested.type, taskId), type: CrossChainCancelRequested.type, data: { taskId, requester: submitter, source, requestedAt: now.toISOString() } } as CrossChainTaskEvent;
const running = run([submit(), observe(jobEvents.submitted()), observe(jobEvents.planned())]);

describe('cross-chain task: cancel requests from the origin', () => {
  it('given a running task, when its submitter asks to cancel (its address, as the portal logs it), then the request is carried once', () => {
    crossChainTask.given(running).when(cancel()).then([requested]);
    crossChainTask.given([...running, requested]).when(cancel()).then([]);
    assertCatalogValid([requested]);
  });

  it('given a cancel carried, when the job is cancelled, then cancelled goes back (the portal refunds)', () => {
    const events = run([observe(jobEvents.cancelled())], [...running, requested]);
    expect(events.map((e) => e.data)).toEqual([expect.objectContaining({ status: 'cancelled', verification: 'none' })]);
  });

  it('given a task whose terminal status is queued, when a cancel arrives, then nothing (too late)', () => {
    const done = [...running, ...run([observe(jobEvents.completed())], running)];
    crossChainTask.given(done).when(cancel()).then([]);
  });

  it('given a running task, when someone else asks to cancel, then BRIDGE.NOT_SUBMITTER', () => {
    crossChainTask.given(running).when(cancel(`0x${'44'.repeat(20)}`)).thenThrows('BRIDGE.NOT_SUBMITTER');
  });

  it('given no task, when a cancel arrives, then BRIDGE.UNKNOWN_TASK; given a rejected task, then nothing', () => {
    crossChainTask.given([]).when(cancel()).thenThrows('BRIDGE.UNKNOWN_TASK');
    crossChainTask.given(run([submit({ escrow: 1n })])).when(cancel()).then([]);
  });
});
