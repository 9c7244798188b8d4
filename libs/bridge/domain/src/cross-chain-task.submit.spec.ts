import { CrossChainStatusQueued, CrossChainTaskRejected, CrossChainTaskSubmitted } from '@corex/events';
import { deterministicId } from '@corex/platform';
import { decideCrossChainTask } from './cross-chain-task.decider';
import { outbox } from './cross-chain-task.state';
import { ZERO_HASH } from './task-status';
import { assertCatalogValid, crossChainTask, jobId, now, run, spec, stateOf, submit, taskId, vaaSource, WEI } from './testing/cross-chain-task.fixtures';

const submitted = run([submit()]);
const bsc = { name: 'bsc' as const, wormholeChainId: 4 };

describe('cross-chain task: submission', () => {
  it('given nothing, when a verified BSC task arrives, then it enters the network once as a job of the bridge account', () => {
    crossChainTask
      .given([])
      .when(submit())
      .then([
        {
          id: deterministicId(CrossChainTaskSubmitted.type, taskId),
          type: CrossChainTaskSubmitted.type,
          data: {
            taskId,
            originChain: bsc,
            source: vaaSource,
            submitter: submit().submitter,
            token: submit().token,
            escrow: (10n * WEI).toString(),
            specHash: submit().specHash,
            spec,
            jobId,
            accountId: 'xc-bsc',
            receivedAt: now.toISOString(),
          },
        },
      ]);
    assertCatalogValid(submitted);
  });

  it('given a task already entered, when the same VAA is seen again (a rescan after a restart), then nothing new', () => {
    crossChainTask.given(submitted).when(submit()).then([]);
  });

  it('given a task already entered, when another VAA claims the same task id, then BRIDGE.DUPLICATE_TASK', () => {
    crossChainTask
      .given(submitted)
      .when(submit({ source: { ...vaaSource, vaaHash: `0x${'99'.repeat(32)}` } }))
      .thenThrows('BRIDGE.DUPLICATE_TASK');
    crossChainTask.given(submitted).when(submit({ source: { kind: 'solana', signature: '5'.repeat(88), slot: 3 } })).thenThrows('BRIDGE.DUPLICATE_TASK');
  });

  it('given nothing, when the spec does not hash to the specHash, then rejected with BRIDGE.SPEC_HASH_MISMATCH and a failed status queued to refund the escrow', () => {
    const events = decideCrossChainTask(submit({ spec: `${spec} ` }), stateOf([]));
    expect(events.map((e) => e.type)).toEqual([CrossChainTaskRejected.type, CrossChainStatusQueued.type]);
    expect(events[0]!.data).toMatchObject({ taskId, originChain: bsc, source: vaaSource, code: 'BRIDGE.SPEC_HASH_MISMATCH' });
    expect(events[1]!.data).toEqual({ taskId, targetChain: bsc, status: 'failed', verification: 'none', resultHash: ZERO_HASH, weightsHash: ZERO_HASH, queuedAt: now.toISOString() });
    assertCatalogValid(events);
  });

  it('given nothing, when the escrow is below the minimum, then rejected with BRIDGE.ESCROW_TOO_LOW', () => {
    const [rejected] = decideCrossChainTask(submit({ escrow: WEI - 1n }), stateOf([]));
    expect(rejected!.data).toMatchObject({ code: 'BRIDGE.ESCROW_TOO_LOW' });
    crossChainTask.given([]).when(submit({ escrow: WEI })).then(run([submit({ escrow: WEI })]));
  });

  it('given nothing, when the escrow is in another token, then rejected with BRIDGE.UNSUPPORTED_TOKEN', () => {
    const [rejected] = decideCrossChainTask(submit({ token: `0x${'44'.repeat(32)}` }), stateOf([]));
    expect(rejected!.data).toMatchObject({ code: 'BRIDGE.UNSUPPORTED_TOKEN' });
  });

  it('given nothing, when the spec is larger than a portal takes, then rejected with BRIDGE.SPEC_TOO_LARGE', () => {
    const [rejected] = decideCrossChainTask(submit({ spec: 'é'.repeat(2049) }), stateOf([]));
    expect(rejected!.data).toMatchObject({ code: 'BRIDGE.SPEC_TOO_LARGE' });
  });

  it('given nothing, when the origin is a chain the bridge does not serve, then BRIDGE.UNKNOWN_CHAIN and nothing recorded', () => {
    crossChainTask.given([]).when(submit({ originChain: 6 })).thenThrows('BRIDGE.UNKNOWN_CHAIN');
  });

  it('given a Solana task with only its spec hash (the memo), when it arrives, then it enters with no spec', () => {
    const solana = submit({ originChain: 'solana', taskId: 'So11111111111111111111111111111111111111112', source: { kind: 'solana', signature: '5'.repeat(88), slot: 42 }, spec: undefined });
    const [event] = decideCrossChainTask(solana, stateOf([]));
    expect(event!.data).toMatchObject({ originChain: { name: 'solana', wormholeChainId: 1 }, jobId: 'xc-1-So11111111111111111111111111111111111111112' });
    expect(event!.data).not.toHaveProperty('spec');
    assertCatalogValid([event!]);
  });

  it('given a rejected task, when its VAA is seen again, then nothing; its refund stays in the outbox until delivered', () => {
    const rejected = run([submit({ escrow: 1n })]);
    crossChainTask.given(rejected).when(submit({ escrow: 1n })).then([]);
    expect(outbox(stateOf(rejected)).map((e) => [e.message.status, e.next])).toEqual([['failed', 'publish']]);
    crossChainTask.given(rejected).when({ kind: 'ObserveJob', event: { type: 'corex.job.submitted.v1', data: { jobId } }, now }).then([]);
  });
});
