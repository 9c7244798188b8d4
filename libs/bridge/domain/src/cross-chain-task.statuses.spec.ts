import { CrossChainStatusDelivered, CrossChainStatusPublished, CrossChainStatusQueued, type TaskStatusName } from '@corex/events';
import { deterministicId } from '@corex/platform';
import type { CrossChainTaskCommand } from './cross-chain-task.commands';
import type { CrossChainTaskEvent } from './cross-chain-task.events';
import { outbox } from './cross-chain-task.state';
import { ZERO_HASH } from './task-status';
import { assertCatalogValid, crossChainTask, jobEvents, now, observe, resultHash, run, stateOf, submit, taskId, weightsHash } from './testing/cross-chain-task.fixtures';

const bsc = { name: 'bsc' as const, wormholeChainId: 4 };
const txHash = (n: number) => `0x${n.toString(16).padStart(64, '0')}`;
const published = (status: TaskStatusName, sequence: string): CrossChainTaskCommand => ({ kind: 'RecordStatusPublished', status, txHash: txHash(Number(sequence)), sequence, now });
const delivered = (status: TaskStatusName, n: number): CrossChainTaskCommand => ({ kind: 'RecordStatusDelivered', status, txHash: txHash(1000 + n), now });
const statusesOf = (events: CrossChainTaskEvent[]) => events.filter((e) => e.type === CrossChainStatusQueued.type).map((e) => e.data.status);

function queued(status: TaskStatusName, verification = 'none', hashes = { resultHash: ZERO_HASH, weightsHash: ZERO_HASH }): CrossChainTaskEvent {
  const data = { taskId, targetChain: bsc, status, verification, ...hashes, queuedAt: now.toISOString() };
  return { id: deterministicId(CrossChainStatusQueued.type, taskId, status), type: CrossChainStatusQueued.type, data } as CrossChainTaskEvent;
}

const entered = run([submit()]);
const accepted = [...entered, queued('accepted')];
const runningTask = [...accepted, queued('running')];

describe('cross-chain task: statuses sent back', () => {
  it('given an entered task, when its job is submitted, then accepted is queued for the origin, once', () => {
    crossChainTask.given(entered).when(observe(jobEvents.submitted())).then([queued('accepted')]);
    crossChainTask.given(accepted).when(observe(jobEvents.submitted())).then([]);
  });

  it('given an accepted task, when fragments are planned for each training step, then running is queued once', () => {
    crossChainTask.given(accepted).when(observe(jobEvents.planned(0))).then([queued('running')]);
    crossChainTask.given(runningTask).when(observe(jobEvents.planned(1))).then([]);
  });

  it('given a running task, when its job completes, then completed goes back with the result and weights hashes and the verification outcome', () => {
    const hashes = { resultHash: `0x${resultHash}`, weightsHash: `0x${weightsHash}` };
    crossChainTask.given(runningTask).when(observe(jobEvents.completed(), 'passed')).then([queued('completed', 'passed', hashes)]);
  });

  it('given a running task, when an inference job completes without weights, then the weights hash is zero and the verification none', () => {
    const hashes = { resultHash: `0x${resultHash}`, weightsHash: ZERO_HASH };
    crossChainTask.given(runningTask).when(observe(jobEvents.completed(null))).then([queued('completed', 'none', hashes)]);
  });

  it('given a running task, when its job fails or is cancelled, then failed or cancelled goes back (the portal refunds the escrow)', () => {
    crossChainTask.given(runningTask).when(observe(jobEvents.failed(), 'failed')).then([queued('failed', 'failed')]);
    crossChainTask.given(runningTask).when(observe(jobEvents.cancelled())).then([queued('cancelled')]);
  });

  it('given a terminal status queued, when another terminal or a late earlier job event arrives, then nothing: exactly one terminal', () => {
    const completed = run([observe(jobEvents.completed())], runningTask);
    for (const late of [jobEvents.failed(), jobEvents.cancelled(), jobEvents.completed(), jobEvents.planned(3), jobEvents.submitted()]) {
      crossChainTask.given([...runningTask, ...completed]).when(observe(late)).then([]);
    }
  });

  it('given an entered task, when a job that fails at once never ran, then only the terminal goes back (statuses only move forward)', () => {
    expect(statusesOf(run([observe(jobEvents.failed())], entered))).toEqual(['failed']);
  });

  it('given an entered task, when events of another job arrive, then nothing', () => {
    crossChainTask.given(entered).when(observe({ type: 'corex.job.submitted.v1', data: { jobId: 'other' } })).then([]);
  });

  it('given a task the bridge never saw, when a job event arrives, then nothing; when a publication is recorded, then BRIDGE.UNKNOWN_TASK', () => {
    crossChainTask.given([]).when(observe(jobEvents.submitted())).then([]);
    crossChainTask.given([]).when(published('accepted', '1')).thenThrows('BRIDGE.UNKNOWN_TASK');
  });

  it('given a whole job, then the statuses go back in order, each valid in the event catalog', () => {
    const events = run([observe(jobEvents.submitted()), observe(jobEvents.planned()), observe(jobEvents.completed(), 'passed')], entered);
    expect(statusesOf(events)).toEqual(['accepted', 'running', 'completed']);
    assertCatalogValid([...events, ...run([published('accepted', '5'), delivered('accepted', 5)], [...entered, ...events])]);
  });
});

describe('cross-chain task: publication, delivery and the outbox', () => {
  it('given a queued status, when its publication is recorded, then it is recorded once with the home tx and Wormhole sequence', () => {
    const data = { taskId, status: 'accepted', txHash: txHash(5), sequence: '5', publishedAt: now.toISOString() };
    crossChainTask.given(accepted).when(published('accepted', '5')).then([{ id: deterministicId(CrossChainStatusPublished.type, taskId, 'accepted'), type: CrossChainStatusPublished.type, data } as CrossChainTaskEvent]);
    crossChainTask.given([...accepted, ...run([published('accepted', '5')], accepted)]).when(published('accepted', '6')).then([]);
  });

  it('given a status never queued, when its publication or delivery is recorded, then BRIDGE.STATUS_NOT_QUEUED', () => {
    crossChainTask.given(accepted).when(published('running', '5')).thenThrows('BRIDGE.STATUS_NOT_QUEUED');
    crossChainTask.given(accepted).when(delivered('completed', 1)).thenThrows('BRIDGE.STATUS_NOT_QUEUED');
  });

  it('given a delivered status, when its delivery is recorded again, then nothing', () => {
    const deliveredOnce = [...accepted, ...run([published('accepted', '5'), delivered('accepted', 1)], accepted)];
    expect(deliveredOnce.at(-1)!.type).toBe(CrossChainStatusDelivered.type);
    crossChainTask.given(deliveredOnce).when(delivered('accepted', 2)).then([]);
  });

  it('given statuses at every stage, then the outbox (what a restarted bridge resends) is exactly the undelivered ones with their next step', () => {
    const history = [...runningTask, ...run([observe(jobEvents.completed(), 'passed'), published('accepted', '1'), delivered('accepted', 1), published('running', '2')], runningTask)];
    const entries = outbox(stateOf(history));
    expect(entries.map((e) => [e.message.status, e.next, e.published?.sequence])).toEqual([
      ['running', 'deliver', '2'],
      ['completed', 'publish', undefined],
    ]);
    expect(entries[1]!.message).toEqual({ taskId, targetChain: bsc, status: 'completed', verification: 'passed', resultHash: `0x${resultHash}`, weightsHash: `0x${weightsHash}` });
  });

  it('given every status delivered, then the outbox is empty', () => {
    const all = run([observe(jobEvents.failed()), published('accepted', '1'), published('running', '2'), published('failed', '3'), delivered('accepted', 1), delivered('running', 2), delivered('failed', 3)], runningTask);
    expect(outbox(stateOf([...runningTask, ...all]))).toEqual([]);
  });

  it('given a terminal status delivered before an earlier one, then the earlier one leaves the outbox (the origin would refuse it)', () => {
    const history = [...runningTask, ...run([observe(jobEvents.completed()), published('completed', '3'), delivered('completed', 3)], runningTask)];
    expect(outbox(stateOf(history))).toEqual([]);
  });

  it('given a Solana task, then its statuses are delivered directly: no publish step on the home chain', () => {
    const solana = run([submit({ originChain: 'solana', taskId: 'So11111111111111111111111111111111111111112', source: { kind: 'solana', signature: '5'.repeat(88), slot: 9 }, spec: undefined })]);
    const jobId = (solana[0]!.data as { jobId: string }).jobId;
    const history = [...solana, ...run([observe({ type: 'corex.job.submitted.v1', data: { jobId } })], solana)];
    expect(outbox(stateOf(history)).map((e) => [e.message.status, e.next, e.message.targetChain.name])).toEqual([['accepted', 'deliver', 'solana']]);
    const signature = '4'.repeat(87);
    const landed = run([{ kind: 'RecordStatusDelivered', status: 'accepted', signature, now }], history);
    expect(landed[0]!.data).toMatchObject({ status: 'accepted', signature });
    assertCatalogValid(landed);
    expect(outbox(stateOf([...history, ...landed]))).toEqual([]);
  });
});
