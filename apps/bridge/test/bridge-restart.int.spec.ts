import { toUtf8Bytes } from 'ethers';
import { CrossChainStatusDelivered, CrossChainStatusPublished, JobSubmitted, type CrossChainStatusDeliveredData, type CrossChainStatusPublishedData } from '@corex/events';
import { createTestDatabase, NATS_URL } from '../../../test/support/infra';
import { startStack, type Stack } from '../../../test/support/stack';
import { waitForEvent } from '../../../test/support/wait-for-event';
import { connectBridge } from '@corex/chain-contracts';
import { deterministicId } from '@corex/platform';
import { startBridgeChains, CXT, type BridgeChains } from './bridge-chains';
import { spawnBridge, type BridgeProcess } from './bridge-process';

jest.setTimeout(240_000);

const SPEC = JSON.stringify({ type: 'inference', model: 'penguins-mlp', dataset: 'penguins', budget: '5', params: { batchRows: 200 } });

describe('bridge process killed mid-flight', () => {
  let chains: BridgeChains;
  let stack: Stack;
  let env: Record<string, string>;
  let dropDb: () => Promise<void>;
  const processes: BridgeProcess[] = [];

  beforeAll(async () => {
    chains = await startBridgeChains();
    stack = await startStack({ trust: false });
    const account = await stack.createAccount('bridge');
    stack.spawnNodeRunner(['start', '--json', '--home', stack.home('a'), '--name', 'node-a', '--slots', '2']);
    const db = await createTestDatabase();
    dropDb = db.drop;
    env = {
      NATS_URL,
      COREX_STREAM: stack.names.stream,
      COREX_SUBJECT_PREFIX: stack.names.prefix,
      DATABASE_URL: db.url,
      COREX_DEPLOYMENT_FILE: chains.deploymentFile,
      COREX_BRIDGE_KEY: chains.bridgeKey,
      COREX_BRIDGE_API_KEY: account.apiKey,
      COREX_BRIDGE_ACCOUNT_ID: account.id,
      COREX_MARKETPLACE_URL: stack.marketplace.url,
      COREX_BRIDGE_PORT: '0',
      COREX_CHAIN_CONFIRMATIONS: '0',
      COREX_CHAIN_POLL_MS: '100',
    };
  }, 180_000);
  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await stack?.close();
    await chains?.stop();
    await dropDb?.();
  });

  it('killed with SIGKILL as soon as the first status is published, then restarted, it finishes the task: one job, each status once on both chains, the escrow paid once', async () => {
    const fees = await chains.bscToken.balanceOf(chains.feeRecipient);
    const first = spawnBridge(env);
    processes.push(first);
    const receipt = (await (await chains.alicePortal.submitTask(toUtf8Bytes(SPEC), CXT(9))).wait())!;
    const taskId = receipt.logs.map((l) => chains.alicePortal.interface.parseLog(l)).find((p) => p?.name === 'TaskSubmitted')!.args.taskId as string;

    await waitForEvent<CrossChainStatusPublishedData>(stack.log, CrossChainStatusPublished.type, (d) => d.taskId === taskId && d.status === 'accepted', 120_000);
    await first.kill9();
    const second = spawnBridge(env);
    processes.push(second);
    await waitForEvent<CrossChainStatusDeliveredData>(stack.log, CrossChainStatusDelivered.type, (d) => d.taskId === taskId && d.status === 'completed', 150_000).catch((err: Error) => {
      throw new Error(`${err.message}\nfirst bridge:\n${first.output()}\nsecond bridge:\n${second.output()}`);
    });

    const { hub } = connectBridge(chains.deployment.home, chains.home.provider);
    const portal = chains.alicePortal;
    expect(await hub!.queryFilter(hub!.filters.TaskReceived(taskId))).toHaveLength(1);
    expect((await hub!.queryFilter(hub!.filters.StatusPublished(taskId))).map((e) => e.args.status)).toEqual([1n, 2n, 3n]);
    expect((await portal.queryFilter(portal.filters.StatusReceived(taskId))).map((e) => e.args.status)).toEqual([1n, 2n, 3n]);
    expect((await portal.queryFilter(portal.filters.EscrowReleased(taskId))).map((e) => e.args.amount)).toEqual([CXT(9)]);
    expect(await chains.bscToken.balanceOf(chains.feeRecipient)).toBe(fees + CXT(9));
    const { events } = await stack.log.store.read(`job.${jobIdOf(env.COREX_BRIDGE_ACCOUNT_ID, taskId)}`);
    expect(events.filter((e) => e.event.type === JobSubmitted.type)).toHaveLength(1);
    const delivered = await stack.log.store.read(`cross-chain-task.${taskId}`);
    expect(delivered.events.filter((e) => e.event.type === CrossChainStatusDelivered.type).map((e) => (e.event.data as CrossChainStatusDeliveredData).status)).toEqual([
      'accepted',
      'running',
      'completed',
    ]);
  });
});

function jobIdOf(accountId: string, taskId: string): string {
  return deterministicId('job', accountId, taskId);
}
