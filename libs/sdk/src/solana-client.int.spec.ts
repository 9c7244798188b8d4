import { createSolanaRpc, generateKeyPairSigner, type Address, type KeyPairSigner, type TransactionSigner } from '@solana/kit';
import { keccak256, sha256, toUtf8Bytes } from 'ethers';
import {
  airdrop,
  findTaskTransfers,
  mintReward,
  sendStatusMemo,
  setupCorexSolana,
  startSolanaDevnet,
  transferFromEscrow,
  type CorexSolanaDeployment,
  type SolanaDevnet,
  type SolanaRpc,
} from '@corex/solana-devnet';
import { CorexClient } from './index';
import { startBridgeStandIn, type BridgeStandIn } from './testing/bridge-stand-in';

/** 1 CXT: 1e18 wei, 1e9 SPL base units. */
const CXT_WEI = 10n ** 18n;
const SPEC = { type: 'inference', model: 'resnet18', dataset: 'ds_sol', budget: '2', params: {} };

describe('CorexClient on Solana (devnet server in process, bridge HTTP stand-in)', () => {
  let devnet: SolanaDevnet;
  let rpc: SolanaRpc;
  let deployment: CorexSolanaDeployment;
  let authority: TransactionSigner;
  let payer: KeyPairSigner;
  let bridge: BridgeStandIn;
  let client: CorexClient;

  beforeAll(async () => {
    devnet = await startSolanaDevnet();
    rpc = createSolanaRpc(devnet.url);
    ({ deployment, authority } = await setupCorexSolana(rpc));
    payer = await generateKeyPairSigner();
    await airdrop(rpc, payer.address, 5_000_000_000n);
    await mintReward(rpc, authority, deployment, { recipientOwner: payer.address, amount: 100n * 10n ** 9n });
    bridge = await startBridgeStandIn();
    client = CorexClient.fromNetwork(
      { chains: [{ name: 'solana', kind: 'solana', wormholeChainId: 1, rpcUrl: devnet.url, solana: { mint: deployment.mint, escrow: deployment.escrow, authority: deployment.authority } }] },
      { bridgeUrl: bridge.url },
    );
  });
  afterAll(async () => {
    await bridge?.close();
    await devnet?.close();
  });

  it('uploads the spec to the bridge, then pays the escrow with a fresh reference that the bridge finds as the task', async () => {
    const { cursor } = await findTaskTransfers(rpc, deployment);
    const submitted = await client.submitTask({ chain: 'solana', spec: SPEC, escrow: 7n * CXT_WEI, signer: payer });

    const specBytes = Buffer.from(JSON.stringify(SPEC));
    expect(submitted.specHash).toBe(keccak256(specBytes));
    expect(bridge.specs.get(submitted.specHash.slice(2))).toEqual(specBytes);
    const scan = await findTaskTransfers(rpc, deployment, { until: cursor });
    expect(scan.rejections).toEqual([]);
    expect(scan.tasks).toEqual([expect.objectContaining({ taskId: submitted.taskId, payer: payer.address, amount: 7n * 10n ** 9n, specHash: submitted.specHash, signature: submitted.txHash })]);
    expect(await client.getTask(submitted.taskId, 'solana')).toMatchObject({ status: 'submitted', submitter: payer.address, escrow: 7n * CXT_WEI, resultHash: null, escrowReleased: false });
  });

  it('follows the status memos to completed with the escrow released, and reads the hash-checked result', async () => {
    const { taskId } = await client.submitTask({ chain: 'solana', spec: SPEC, escrow: 2n * CXT_WEI, signer: payer });
    const document = Buffer.from('{"kind":"embeddings","dims":2,"embeddings":[[0.5,0.25]]}');
    await sendStatusMemo(rpc, authority, { taskId: taskId as Address, status: 'running' });
    expect(await client.getTask(taskId, 'solana')).toMatchObject({ status: 'running', resultHash: null });

    const completed = client.waitForStatus(taskId, 'solana', (task) => task.escrowReleased, { pollMs: 20 });
    const weights = sha256(toUtf8Bytes('weights'));
    await sendStatusMemo(rpc, authority, { taskId: taskId as Address, status: 'completed', verification: 'passed', resultHash: sha256(document), weightsHash: weights });
    await transferFromEscrow(rpc, authority, deployment, { taskId: taskId as Address, recipientOwner: authority.address, amount: 2n * 10n ** 9n, kind: 'release' });
    expect(await completed).toEqual({
      taskId,
      chain: 'solana',
      status: 'completed',
      verification: 'passed',
      resultHash: sha256(document),
      weightsHash: weights,
      submitter: payer.address,
      escrow: 2n * CXT_WEI,
      escrowReleased: true,
      escrowRefunded: false,
    });

    bridge.results.set(taskId, document);
    expect(await client.readResult(taskId)).toMatchObject({ chain: 'solana', resultHash: sha256(document), document: JSON.parse(document.toString()) });
    bridge.results.set(taskId, Buffer.from(document.toString().replace('0.25', '0.75')));
    await expect(client.readResult(taskId, 'solana')).rejects.toMatchObject({ code: 'SDK.RESULT_MISMATCH' });
  });

  it('ignores a status memo not written by the authority', async () => {
    const { taskId } = await client.submitTask({ chain: 'solana', spec: SPEC, escrow: CXT_WEI, signer: payer });
    const impostor = await generateKeyPairSigner();
    await airdrop(rpc, impostor.address, 1_000_000_000n);
    await sendStatusMemo(rpc, impostor, { taskId: taskId as Address, status: 'completed', resultHash: sha256(toUtf8Bytes('forged')) });
    expect(await client.getTask(taskId, 'solana')).toMatchObject({ status: 'submitted', resultHash: null });
  });

  it('refuses an escrow below one SPL unit, more CXT than the payer holds, and an unknown reference, before any transfer', async () => {
    const uploads = bridge.specs.size;
    await expect(client.submitTask({ chain: 'solana', spec: SPEC, escrow: 10n ** 9n + 1n, signer: payer })).rejects.toMatchObject({ code: 'SDK.INVALID_ESCROW' });
    await expect(client.submitTask({ chain: 'solana', spec: { ...SPEC, dataset: 'other' }, escrow: 1_000n * CXT_WEI, signer: payer })).rejects.toMatchObject({ code: 'SDK.INSUFFICIENT_BALANCE' });
    expect(bridge.specs.size).toBe(uploads);
    await expect(client.getTask((await generateKeyPairSigner()).address, 'solana')).rejects.toMatchObject({ code: 'SDK.UNKNOWN_TASK' });
    await expect(client.getTask('0x1234', 'solana')).rejects.toMatchObject({ code: 'SDK.UNKNOWN_TASK' });
  });
});
