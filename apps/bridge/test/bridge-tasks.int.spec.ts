import { createHash } from 'node:crypto';
import { keccak256, toUtf8Bytes, Wallet } from 'ethers';
import { readStatusMemos } from '@corex/solana-devnet';
import { CorexHub__factory, universalAddress } from '@corex/chain-contracts';
import { CrossChainStatusDelivered, JobCompleted, JobSubmitted, type CrossChainStatusDeliveredData, type JobCompletedData } from '@corex/events';
import { parseVaa, serializeVaa, signVaa } from '@corex/wormhole';
import { startStack, type Stack } from '../../../test/support/stack';
import { startStackBridge, type StackBridge } from '../../../test/support/stack-bridge';
import { waitForEvent } from '../../../test/support/wait-for-event';
import { ACCOUNTS, BSC_WH, CXT, startBridgeChains, type BridgeChains } from './bridge-chains';
import { SOL_CXT, startSolanaSide, type SolanaSide } from './solana-side';

jest.setTimeout(180_000);

const SPEC = JSON.stringify({ type: 'inference', model: 'penguins-mlp', dataset: 'penguins', budget: '5', params: { batchRows: 200 } });
const STATUS = { accepted: 1n, running: 2n, completed: 3n, failed: 4n } as const;

describe('bridge: tasks from BSC and Solana run as marketplace jobs and their statuses go back to their chain', () => {
  let chains: BridgeChains;
  let stack: Stack;
  let bridge: StackBridge['bridge'];
  let closeBridge: StackBridge['close'] | undefined;
  let solana: SolanaSide;

  beforeAll(async () => {
    chains = await startBridgeChains();
    solana = await startSolanaSide();
    stack = await startStack({ trust: false });
    const account = await stack.createAccount('bridge');
    stack.spawnNodeRunner(['start', '--json', '--home', stack.home('a'), '--name', 'node-a', '--slots', '2']);
    ({ bridge, close: closeBridge } = await startStackBridge(stack, {
      COREX_DEPLOYMENT_FILE: chains.deploymentFile,
      COREX_BRIDGE_KEY: chains.bridgeKey,
      COREX_BRIDGE_API_KEY: account.apiKey,
      COREX_BRIDGE_ACCOUNT_ID: account.id,
      COREX_MARKETPLACE_URL: stack.marketplace.url,
      COREX_CHAIN_CONFIRMATIONS: '0',
      COREX_CHAIN_POLL_MS: '100',
      COREX_SOLANA_RPC_URL: solana.devnet.url,
      COREX_SOLANA_AUTHORITY_FILE: solana.authorityFile,
      COREX_SOLANA_FEE_RECIPIENT: solana.feeRecipient,
    }));
  }, 180_000);
  afterAll(async () => {
    await closeBridge?.();
    await stack?.close();
    await chains?.stop();
    await solana?.stop();
  });

  /** alice submits a task on BSC; returns its id and the guardian-signed VAA of its message. */
  async function submitOnBsc(spec: string, escrow: bigint) {
    const receipt = (await (await chains.alicePortal.submitTask(toUtf8Bytes(spec), escrow)).wait())!;
    const submitted = receipt.logs.map((l) => chains.alicePortal.interface.parseLog(l)).find((p) => p?.name === 'TaskSubmitted')!;
    await chains.guardian.catchUp();
    const vaa = chains.guardian.signedVaa(BSC_WH, universalAddress(await chains.alicePortal.getAddress()), submitted.args.sequence as bigint)!;
    return { taskId: submitted.args.taskId as string, vaa };
  }

  const delivered = (taskId: string, status: string, timeoutMs = 150_000) =>
    waitForEvent<CrossChainStatusDeliveredData>(stack.log, CrossChainStatusDelivered.type, (d) => d.taskId === taskId && d.status === status, timeoutMs);

  async function statusesOnBsc(taskId: string): Promise<bigint[]> {
    const portal = chains.alicePortal;
    return (await portal.queryFilter(portal.filters.StatusReceived(taskId))).map((e) => e.args.status);
  }

  it('runs a BSC task as one job, delivers accepted, running and completed with the result hash, and pays the escrow to the fee recipient', async () => {
    const fees = await chains.bscToken.balanceOf(chains.feeRecipient);
    const { taskId } = await submitOnBsc(SPEC, CXT(10));

    await delivered(taskId, 'completed');
    const view = (await (await fetch(`${bridge.url}/v1/tasks/${taskId}`)).json()) as { jobId: string };
    const completed = await waitForEvent<JobCompletedData>(stack.log, JobCompleted.type, (d) => d.jobId === view.jobId);
    expect(await statusesOnBsc(taskId)).toEqual([STATUS.accepted, STATUS.running, STATUS.completed]);
    const task = await chains.alicePortal.taskOf(taskId);
    expect(task.status).toBe(STATUS.completed);
    expect(task.resultHash).toBe(`0x${completed.data.result.resultHash}`);
    expect(await chains.bscToken.balanceOf(chains.feeRecipient)).toBe(fees + CXT(10));
    expect(view).toMatchObject({ taskId, state: 'submitted', status: 'completed', resultHash: `0x${completed.data.result.resultHash}` });
    const result = await fetch(`${bridge.url}/v1/tasks/${taskId}/result`);
    expect(result.status).toBe(200);
    // The document exactly as stored: its sha256 is the hash the chain holds, so a dApp's check passes.
    expect(`0x${createHash('sha256').update(new Uint8Array(await result.arrayBuffer())).digest('hex')}`).toBe(task.resultHash);
  });

  it('takes a replayed task VAA in once: one job, and the hub refuses the replay on-chain', async () => {
    const { taskId, vaa } = await submitOnBsc(SPEC, CXT(6));
    await delivered(taskId, 'accepted');
    expect(await bridge.intakeVaa(Buffer.from(vaa.slice(2), 'hex'))).toEqual({ kind: 'known', taskId });
    const hub = chains.deployment.home.hub;
    await expect(connectHub(hub).receiveTask(vaa)).rejects.toThrow(/CorexHubVaaConsumed|reverted|0x/);
    await delivered(taskId, 'completed');
    const view = (await (await fetch(`${bridge.url}/v1/tasks/${taskId}`)).json()) as { jobId: string };
    const { events } = await stack.log.store.read(`job.${view.jobId}`);
    expect(events.filter((e) => e.event.type === JobSubmitted.type)).toHaveLength(1);
    expect(await statusesOnBsc(taskId)).toEqual([STATUS.accepted, STATUS.running, STATUS.completed]);
  });

  it('refuses a task VAA not signed by the guardian set, off-chain and on-chain', async () => {
    const { vaa } = await submitOnBsc(SPEC, CXT(6));
    const forged = serializeVaa(signVaa(parseVaa(vaa), [Wallet.createRandom().privateKey], 0));
    expect(await bridge.intakeVaa(Buffer.from(forged.slice(2), 'hex'))).toMatchObject({ kind: 'refused', code: 'VAA.BAD_SIGNATURE' });
    await expect(connectHub(chains.deployment.home.hub).receiveTask(forged)).rejects.toThrow();
  });

  it('fails a task whose budget exceeds its escrow and refunds the submitter', async () => {
    const alice = chains.bsc.wallet(ACCOUNTS.alice).address;
    const before = await chains.bscToken.balanceOf(alice);
    const { taskId } = await submitOnBsc(SPEC, CXT(2));
    await delivered(taskId, 'failed');
    expect(await statusesOnBsc(taskId)).toEqual([STATUS.failed]);
    expect(await chains.bscToken.balanceOf(alice)).toBe(before);
  });

  it('carries a cancel request from the BSC portal: the job is cancelled and the cancelled status refunds the submitter', async () => {
    const alice = chains.bsc.wallet(ACCOUNTS.alice).address;
    const before = await chains.bscToken.balanceOf(alice);
    // Long enough that the request arrives while the job runs.
    const long = JSON.stringify({ type: 'training', model: 'penguins-mlp', dataset: 'penguins', budget: '5', params: { epochs: 400, shards: 1 } });
    const { taskId } = await submitOnBsc(long, CXT(5));
    await delivered(taskId, 'accepted');
    await (await chains.alicePortal.requestCancel(taskId)).wait();
    await delivered(taskId, 'cancelled');
    expect((await statusesOnBsc(taskId)).at(-1)).toBe(5n);
    expect(await chains.bscToken.balanceOf(alice)).toBe(before);
  });

  it('runs a Solana task whose spec was uploaded, writes its status memos and releases the escrow to the fee recipient', async () => {
    const spec = SPEC.replace('"budget":"5"', '"budget":"4"');
    const hash = keccak256(toUtf8Bytes(spec));
    const put = await fetch(`${bridge.url}/v1/specs/${hash}`, { method: 'PUT', body: spec });
    expect(put.status).toBe(201);
    const taskId = await solana.submitTask(spec, 4n * SOL_CXT);

    await delivered(taskId, 'completed');
    const memos = await readStatusMemos(solana.rpc, solana.deployment, taskId);
    expect(memos.map((m) => m.status)).toEqual(['accepted', 'running', 'completed']);
    const view = (await (await fetch(`${bridge.url}/v1/tasks/${taskId}`)).json()) as { resultHash: string };
    expect(memos[2]).toMatchObject({ resultHash: view.resultHash, verification: 'none', weightsHash: `0x${'0'.repeat(64)}` });
    expect(await solana.balanceOf(solana.feeRecipient)).toBe(4n * SOL_CXT);
  });

  it('answers bad input with problem+json, never a server error', async () => {
    const wrongHash = await fetch(`${bridge.url}/v1/specs/${keccak256(toUtf8Bytes('other'))}`, { method: 'PUT', body: SPEC });
    expect(wrongHash.status).toBe(400);
    expect(wrongHash.headers.get('content-type')).toContain('application/problem+json');
    expect(await wrongHash.json()).toMatchObject({ code: 'BRIDGE.SPEC_HASH_MISMATCH' });
    expect((await fetch(`${bridge.url}/v1/specs/not-a-hash`, { method: 'PUT', body: SPEC })).status).toBe(400);
    expect((await fetch(`${bridge.url}/v1/specs/${keccak256('0x')}`, { method: 'PUT', body: 'x'.repeat(5000) })).status).toBe(413);
    expect((await fetch(`${bridge.url}/v1/tasks/nope`)).status).toBe(400);
    const unknown = await fetch(`${bridge.url}/v1/tasks/0x${'ab'.repeat(32)}`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'BRIDGE.UNKNOWN_TASK' });
    expect((await fetch(`${bridge.url}/v1/tasks/0x${'ab'.repeat(32)}/result`)).status).toBe(404);
  });

  function connectHub(hub: string) {
    return CorexHub__factory.connect(hub, chains.home.wallet(7));
  }
});
