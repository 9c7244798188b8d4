import { ContractFactory, parseEther, sha256, toUtf8Bytes, Wallet, ZeroHash, id, type TransactionReceipt } from 'ethers';
import { startAnvil, type AnvilChain } from '@corex/chain-contracts/src/testing/anvil';
import { DEVNET_GUARDIAN_KEY, observedMessage, signedVaa } from '@corex/chain-contracts/src/testing/bridge-vaa';
import { connectBridge, CorexToken__factory, deployBridgeContracts, deployWormholeCore, loadArtifacts, universalAddress, type BridgeDeployment } from '@corex/chain-contracts';
import { decodePayload, encodeTaskStatus, TASK_STATUS, VERIFICATION } from '@corex/wormhole';
import { CorexClient, isSdkError, type NetworkDescription } from './index';
import { startBridgeStandIn, type BridgeStandIn } from './testing/bridge-stand-in';

const HOME_WH = 2;
const BSC_WH = 4;
const SPEC = { type: 'inference', model: 'resnet18', dataset: 'ds_demo', budget: '5', params: {} };

async function mined(tx: Promise<{ wait(): Promise<TransactionReceipt | null> }>): Promise<TransactionReceipt> {
  const receipt = await (await tx).wait();
  if (!receipt) throw new Error('no receipt');
  return receipt;
}

describe('CorexClient on EVM chains (anvils 1 and 56, real Wormhole cores, bridge contracts)', () => {
  let home: AnvilChain;
  let bsc: AnvilChain;
  let deployment: BridgeDeployment;
  let bridge: BridgeStandIn;
  let client: CorexClient;
  let alice: Wallet;
  let statusSequence = 0n;

  /** A TaskStatus from the hub, signed by the devnet guardian and delivered to BSC's portal (the bridge's job). */
  async function deliverStatus(taskId: string, status: number, verification: number, resultHash = ZeroHash, weightsHash = ZeroHash): Promise<void> {
    const payload = encodeTaskStatus({ targetChain: BSC_WH, taskId, status, verification, resultHash, weightsHash });
    const body = { timestamp: 1_800_000_000, nonce: 0, emitterChain: HOME_WH, emitterAddress: universalAddress(deployment.home.hub), sequence: statusSequence++, consistencyLevel: 1, payload };
    await mined(connectBridge(bsc0(), bsc.wallet(3)).portal.receiveStatus(signedVaa(body)));
  }
  const bsc0 = () => deployment.remotes[0]!;

  beforeAll(async () => {
    [home, bsc] = await Promise.all([startAnvil({ chainId: 1 }), startAnvil({ chainId: 56 })]);
    const guardians = [new Wallet(DEVNET_GUARDIAN_KEY).address];
    const [homeCore, bscCore] = await Promise.all([
      deployWormholeCore(home.wallet(0), { wormholeChainId: HOME_WH, evmChainId: 1n, guardians }),
      deployWormholeCore(bsc.wallet(0), { wormholeChainId: BSC_WH, evmChainId: 56n, guardians }),
    ]);
    const artifacts = loadArtifacts();
    const cxt = await (await new ContractFactory(artifacts.CorexToken.abi as never, artifacts.CorexToken.bytecode, home.wallet(0)).deploy(home.wallet(0).address, parseEther('1000000'))).waitForDeployment();
    deployment = await deployBridgeContracts({
      home: { signer: home.wallet(0), core: homeCore.address, token: await cxt.getAddress(), bridge: home.wallet(1).address, feeRecipient: home.wallet(2).address },
      remotes: [{ signer: bsc.wallet(0), core: bscCore.address, feeRecipient: bsc.wallet(2).address }],
      artifacts,
    });
    alice = home.wallet(5);
    // Alice's CXT reaches BSC as the peer token: hub.sendTokens at home, the VAA minted on BSC.
    const aliceCxt = CorexToken__factory.connect(deployment.home.token, home.wallet(0));
    await mined(aliceCxt.transfer(alice.address, parseEther('1000')));
    await mined(CorexToken__factory.connect(deployment.home.token, alice).approve(deployment.home.hub, parseEther('500')));
    const hub = connectBridge(deployment.home, alice).hub!;
    const sent = await mined(hub.sendTokens(BSC_WH, universalAddress(alice.address), parseEther('500')));
    const vaa = signedVaa(await observedMessage(sent, homeCore.address, HOME_WH, home.provider));
    const peerToken = connectBridge(bsc0(), bsc.wallet(3)).peerToken!;
    const gas = await peerToken.receiveTransfer.estimateGas(vaa);
    await mined(peerToken.receiveTransfer(vaa, { gasLimit: (gas * 5n) / 4n }));

    bridge = await startBridgeStandIn();
    const network: NetworkDescription = {
      chains: [
        { name: 'ethereum', kind: 'evm', evmChainId: 1, wormholeChainId: HOME_WH, rpcUrl: home.rpcUrl, contracts: { wormholeCore: homeCore.address, taskPortal: deployment.home.portal, hub: deployment.home.hub } },
        { name: 'bsc', kind: 'evm', evmChainId: 56, wormholeChainId: BSC_WH, rpcUrl: bsc.rpcUrl, contracts: { wormholeCore: bscCore.address, taskPortal: bsc0().portal, peerToken: bsc0().peerToken } },
        { name: 'polygon', kind: 'evm', evmChainId: 137, wormholeChainId: 5 },
      ],
    };
    client = CorexClient.fromNetwork(network, { bridgeUrl: bridge.url });
  }, 120_000);
  afterAll(async () => {
    await bridge?.close();
    await Promise.all([home?.stop(), bsc?.stop()]);
  });

  it('submits a task on BSC: approves the peer token, escrows it in the portal and publishes the TaskSubmitted the bridge reads', async () => {
    const onBsc = alice.connect(bsc.provider);
    const peerToken = connectBridge(bsc0(), bsc.provider).peerToken!;
    const escrowBefore = await peerToken.balanceOf(bsc0().portal);
    const submitted = await client.submitTask({ chain: 'bsc', spec: SPEC, escrow: parseEther('25'), signer: onBsc });

    expect(submitted).toMatchObject({ chain: 'bsc', taskId: expect.stringMatching(/^0x[0-9a-f]{64}$/), txHash: expect.any(String) });
    expect(await peerToken.balanceOf(bsc0().portal)).toBe(escrowBefore + parseEther('25'));
    const receipt = (await bsc.provider.getTransactionReceipt(submitted.txHash))!;
    const message = await observedMessage(receipt, bsc0().core, BSC_WH, bsc.provider);
    expect(decodePayload(message.payload)).toEqual({
      kind: 'TaskSubmitted',
      taskId: submitted.taskId,
      submitter: universalAddress(alice.address),
      token: universalAddress(bsc0().peerToken),
      escrow: parseEther('25'),
      specHash: submitted.specHash,
      spec: JSON.stringify(SPEC),
    });
    expect(message.emitterAddress).toBe(universalAddress(bsc0().portal));
  });

  it('follows a BSC task through status VAAs: running, then completed with its hashes and the escrow released', async () => {
    const { taskId } = await client.submitTask({ chain: 'bsc', spec: SPEC, escrow: parseEther('10'), signer: alice.connect(bsc.provider) });
    expect(await client.getTask(taskId, 'bsc')).toMatchObject({ status: 'submitted', resultHash: null, escrowReleased: false, escrow: parseEther('10'), submitter: alice.address });

    await deliverStatus(taskId, TASK_STATUS.running, VERIFICATION.none);
    expect(await client.getTask(taskId, 'bsc')).toMatchObject({ status: 'running', verification: 'none', escrowReleased: false, escrowRefunded: false });

    const completed = client.waitForStatus(taskId, 'bsc', 'completed', { pollMs: 20 });
    const resultHash = sha256(toUtf8Bytes('{"kind":"predictions"}'));
    await deliverStatus(taskId, TASK_STATUS.completed, VERIFICATION.passed, resultHash, id('weights'));
    expect(await completed).toEqual({
      taskId,
      chain: 'bsc',
      status: 'completed',
      verification: 'passed',
      resultHash,
      weightsHash: id('weights'),
      submitter: alice.address,
      escrow: parseEther('10'),
      escrowReleased: true,
      escrowRefunded: false,
    });
  });

  it('reads a result whose sha256 is the resultHash on the origin chain, and refuses a document that does not match', async () => {
    const { taskId } = await client.submitTask({ chain: 'bsc', spec: SPEC, escrow: parseEther('1'), signer: alice.connect(bsc.provider) });
    const document = Buffer.from('{"kind":"predictions","classNames":null,"predictions":[{"row":0,"class":1,"probabilities":[0.1,0.9]}]}');
    await deliverStatus(taskId, TASK_STATUS.completed, VERIFICATION.passed, sha256(document), ZeroHash);

    bridge.results.set(taskId, document);
    const result = await client.readResult(taskId);
    expect(result).toMatchObject({ chain: 'bsc', resultHash: sha256(document), document: JSON.parse(document.toString()) });

    bridge.results.set(taskId, Buffer.from(document.toString().replace('0.9', '0.8')));
    await expect(client.readResult(taskId, 'bsc')).rejects.toMatchObject({ code: 'SDK.RESULT_MISMATCH' });
  });

  it('ends a wait for completed with SDK.STATUS_UNREACHABLE when the task fails, its escrow refunded', async () => {
    const { taskId } = await client.submitTask({ chain: 'bsc', spec: SPEC, escrow: parseEther('2'), signer: alice.connect(bsc.provider) });
    await deliverStatus(taskId, TASK_STATUS.failed, VERIFICATION.failed);
    const error = await client.waitForStatus(taskId, 'bsc', 'completed', { pollMs: 20 }).catch((e: unknown) => e);
    expect(isSdkError(error, 'SDK.STATUS_UNREACHABLE')).toBe(true);
    expect((error as { details: { task: unknown } }).details.task).toMatchObject({ status: 'failed', verification: 'failed', escrowRefunded: true });
    await expect(client.readResult(taskId, 'bsc')).rejects.toMatchObject({ code: 'SDK.NO_RESULT' });
  });

  it('submits on the home chain in CXT and stops a wait when the caller aborts', async () => {
    const { taskId, chain } = await client.submitTask({ chain: 'ethereum', spec: JSON.stringify(SPEC), escrow: parseEther('3'), signer: alice });
    expect(chain).toBe('ethereum');
    expect(await client.getTask(taskId, 'ethereum')).toMatchObject({ status: 'submitted', escrow: parseEther('3') });
    const controller = new AbortController();
    const waiting = client.waitForStatus(taskId, 'ethereum', (task) => task.status !== 'submitted', { pollMs: 20, signal: controller.signal });
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'SDK.ABORTED' });
  });

  it('refuses with stable codes: no allowance and approve off, a signer on another chain, an unknown task or chain, an empty spec', async () => {
    const bob = bsc.wallet(6);
    await expect(client.submitTask({ chain: 'bsc', spec: SPEC, escrow: 1n, signer: bob })).rejects.toMatchObject({ code: 'SDK.INSUFFICIENT_BALANCE' });
    await mined(connectBridge(bsc0(), alice.connect(bsc.provider)).peerToken!.approve(bsc0().portal, 0n));
    await expect(client.submitTask({ chain: 'bsc', spec: SPEC, escrow: parseEther('1'), signer: alice.connect(bsc.provider), approve: false })).rejects.toMatchObject({ code: 'SDK.INSUFFICIENT_ALLOWANCE' });
    await expect(client.submitTask({ chain: 'bsc', spec: SPEC, escrow: parseEther('1'), signer: alice })).rejects.toMatchObject({ code: 'SDK.WRONG_NETWORK' });
    await expect(client.submitTask({ chain: 'bsc', spec: '', escrow: parseEther('1'), signer: alice.connect(bsc.provider) })).rejects.toMatchObject({ code: 'SDK.INVALID_SPEC' });
    await expect(client.getTask(id('nothing'), 'bsc')).rejects.toMatchObject({ code: 'SDK.UNKNOWN_TASK' });
    await expect(client.getTask(id('nothing'), 'arbitrum')).rejects.toMatchObject({ code: 'SDK.UNKNOWN_CHAIN' });
    await expect(client.getTask(id('nothing'), 'polygon' as never)).rejects.toMatchObject({ code: 'SDK.UNKNOWN_CHAIN' });
  });
});
