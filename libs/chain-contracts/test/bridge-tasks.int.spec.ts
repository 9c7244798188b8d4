import { ContractFactory, id, keccak256, solidityPacked, toUtf8Bytes, Wallet } from 'ethers';
import { DEVNET_GUARDIAN_KEY } from '../src/testing/bridge-vaa';
import { deployWormholeCore } from '../src/wormhole-core';
import { CorexHub__factory } from '../src/generated';
import { BSC_WH, CXT, HOME_WH, mined, startBridgeFixture, universalAddress, type BridgeFixture } from './bridge-fixture';
import { events, expectRevert } from './fixture';

const STATUS = { accepted: 1, running: 2, completed: 3, failed: 4, cancelled: 5 } as const;
const RESULT = id('result');
const WEIGHTS = id('weights');

describe('tasks across chains: TaskPortal on BSC, CorexHub at home, the real Wormhole cores between them', () => {
  let f: BridgeFixture;
  beforeAll(async () => {
    f = await startBridgeFixture();
    // alice gets CXT on BSC the way users do: the hub locks at home, the peer token mints on BSC.
    await mined(f.home.cxt('alice').approve(f.deployment.home.hub, CXT(400)));
    const sent = await mined(f.home.hub('alice').sendTokens(BSC_WH, universalAddress(f.bsc.wallet('alice').address), CXT(400)));
    await mined(f.bsc.token('bob').receiveTransfer(f.sign(await f.home.observe(sent))));
    await mined(f.bsc.token('alice').approve(f.deployment.remotes[0].portal, CXT(400)));
  }, 120_000);
  afterAll(async () => f?.stop());

  /** alice submits on BSC; returns the taskId and the guardian-signed VAA of the TaskSubmitted message. */
  async function submitOnBsc(escrow = CXT(10), spec = '{"model":"mnist","epochs":1}') {
    const portal = f.bsc.portal('alice');
    const receipt = await mined(portal.submitTask(toUtf8Bytes(spec), escrow));
    const [submitted] = events(receipt, portal, 'TaskSubmitted');
    const body = await f.bsc.observe(receipt);
    return { taskId: submitted.taskId as string, body, vaa: f.sign(body), receipt };
  }

  async function statusVaa(taskId: string, status: number, verification = 1, target = BSC_WH) {
    const receipt = await mined(f.home.hub('bridge').publishStatus(target, taskId, status, verification, RESULT, WEIGHTS));
    return f.sign(await f.home.observe(receipt));
  }

  it('records a task submitted on BSC at the hub exactly once, with the escrow held by the portal', async () => {
    const before = await f.bsc.token('alice').balanceOf(f.deployment.remotes[0].portal);
    const { taskId, vaa } = await submitOnBsc(CXT(10));
    const nonce = (await f.bsc.portal('alice').taskNonce()) - 1n;
    expect(taskId).toBe(keccak256(solidityPacked(['uint16', 'address', 'uint64'], [BSC_WH, f.deployment.remotes[0].portal, nonce])));
    expect(await f.bsc.token('alice').balanceOf(f.deployment.remotes[0].portal)).toBe(before + CXT(10));

    const hub = f.home.hub('bob');
    const receipt = await mined(hub.receiveTask(vaa));
    expect(events(receipt, hub, 'TaskReceived')).toEqual([
      expect.objectContaining({ taskId, originChain: BigInt(BSC_WH), submitter: universalAddress(f.bsc.wallet('alice').address), escrow: CXT(10) }),
    ]);
    expect(await hub.taskOrigin(taskId)).toBe(BigInt(BSC_WH));
    await expectRevert(hub.receiveTask(vaa), hub, 'CorexHubVaaConsumed');
  });

  it('pays the escrow of a completed task to the fee recipient after accepted and running', async () => {
    const { taskId, vaa } = await submitOnBsc(CXT(7));
    await mined(f.home.hub('bob').receiveTask(vaa));
    const portal = f.bsc.portal('carol');
    const fees = f.bsc.wallet('fees').address;
    const before = await f.bsc.token('carol').balanceOf(fees);
    for (const status of [STATUS.accepted, STATUS.running]) await mined(portal.receiveStatus(await statusVaa(taskId, status, 0)));
    expect((await portal.taskOf(taskId)).status).toBe(BigInt(STATUS.running));

    const receipt = await mined(portal.receiveStatus(await statusVaa(taskId, STATUS.completed, 1)));
    expect(events(receipt, portal, 'EscrowReleased')).toEqual([{ taskId, to: fees, amount: CXT(7) }]);
    expect(await f.bsc.token('carol').balanceOf(fees)).toBe(before + CXT(7));
    const task = await portal.taskOf(taskId);
    expect({ status: task.status, verification: task.verification, resultHash: task.resultHash, weightsHash: task.weightsHash }).toEqual({
      status: BigInt(STATUS.completed),
      verification: 1n,
      resultHash: RESULT,
      weightsHash: WEIGHTS,
    });
  });

  it('refunds the submitter when the task failed, and the terminal status is final', async () => {
    const { taskId, vaa } = await submitOnBsc(CXT(5));
    await mined(f.home.hub('bob').receiveTask(vaa));
    const portal = f.bsc.portal('carol');
    const alice = f.bsc.wallet('alice').address;
    const before = await f.bsc.token('carol').balanceOf(alice);
    const receipt = await mined(portal.receiveStatus(await statusVaa(taskId, STATUS.failed, 2)));
    expect(events(receipt, portal, 'EscrowRefunded')).toEqual([{ taskId, to: alice, amount: CXT(5) }]);
    expect(await f.bsc.token('carol').balanceOf(alice)).toBe(before + CXT(5));

    await expectRevert(portal.receiveStatus(await statusVaa(taskId, STATUS.completed)), portal, 'TaskPortalStatusNotForward', [taskId, 4n, 3n]);
    await expectRevert(portal.requestCancel(taskId), portal, 'TaskPortalNotSubmitter', [taskId]);
    await expectRevert(f.bsc.portal('alice').requestCancel(taskId), portal, 'TaskPortalTaskFinal', [taskId]);
  });

  it('moves statuses only forward: running after running, or accepted after running, is refused', async () => {
    const { taskId, vaa } = await submitOnBsc();
    await mined(f.home.hub('bob').receiveTask(vaa));
    const portal = f.bsc.portal('carol');
    await mined(portal.receiveStatus(await statusVaa(taskId, STATUS.running, 0)));
    await expectRevert(portal.receiveStatus(await statusVaa(taskId, STATUS.running, 0)), portal, 'TaskPortalStatusNotForward', [taskId, 2n, 2n]);
    await expectRevert(portal.receiveStatus(await statusVaa(taskId, STATUS.accepted, 0)), portal, 'TaskPortalStatusNotForward', [taskId, 2n, 1n]);
  });

  it('lets only the bridge publish statuses, only for received tasks, to their origin chain', async () => {
    const { taskId, vaa } = await submitOnBsc();
    const hub = f.home.hub('bridge');
    await expectRevert(hub.publishStatus(BSC_WH, taskId, STATUS.accepted, 0, RESULT, WEIGHTS), hub, 'CorexHubUnknownTask', [taskId, BigInt(BSC_WH)]);
    await mined(hub.receiveTask(vaa));
    await expectRevert(hub.publishStatus(HOME_WH, taskId, STATUS.accepted, 0, RESULT, WEIGHTS), hub, 'CorexHubUnknownTask', [taskId, BigInt(HOME_WH)]);
    await expectRevert(hub.publishStatus(BSC_WH, taskId, 6, 0, RESULT, WEIGHTS), hub, 'CorexHubInvalidStatus', [6n, 0n]);
    await expectRevert(f.home.hub('alice').publishStatus(BSC_WH, taskId, STATUS.accepted, 0, RESULT, WEIGHTS), hub, 'AccessControlUnauthorizedAccount');
  });

  it('carries tasks of the home chain portal through the same hub', async () => {
    const portal = f.home.portal('alice');
    await mined(f.home.cxt('alice').approve(f.deployment.home.portal, CXT(3)));
    const receipt = await mined(portal.submitTask(toUtf8Bytes('{"home":true}'), CXT(3)));
    const [{ taskId }] = events(receipt, portal, 'TaskSubmitted');
    await mined(f.home.hub('bob').receiveTask(f.sign(await f.home.observe(receipt))));
    const fees = f.home.wallet('fees').address;
    const before = await f.home.cxt('bob').balanceOf(fees);
    await mined(f.home.portal('bob').receiveStatus(await statusVaa(taskId as string, STATUS.completed, 1, HOME_WH)));
    expect(await f.home.cxt('bob').balanceOf(fees)).toBe(before + CXT(3));
  });

  it('refuses a replayed status VAA', async () => {
    const { taskId, vaa } = await submitOnBsc();
    await mined(f.home.hub('bob').receiveTask(vaa));
    const portal = f.bsc.portal('carol');
    const accepted = await statusVaa(taskId, STATUS.accepted, 0);
    await mined(portal.receiveStatus(accepted));
    await expectRevert(portal.receiveStatus(accepted), portal, 'TaskPortalVaaConsumed');
  });

  it('refuses a VAA from an emitter that is not the registered peer', async () => {
    const { body } = await submitOnBsc();
    const hub = f.home.hub('bob');
    const stranger = universalAddress(Wallet.createRandom().address);
    await expectRevert(hub.receiveTask(f.sign({ ...body, emitterAddress: stranger })), hub, 'CorexHubWrongEmitter', [BigInt(BSC_WH), stranger]);
    await expectRevert(hub.receiveTask(f.sign({ ...body, emitterChain: 23 })), hub, 'CorexHubWrongEmitter', [23n, body.emitterAddress]);
    // A portal's message is not a token transfer, even from the same chain.
    await expectRevert(hub.receiveTransfer(f.sign(body)), hub, 'CorexHubWrongEmitter');
  });

  it('refuses a status addressed to another chain', async () => {
    const { taskId, vaa } = await submitOnBsc();
    await mined(f.home.hub('bob').receiveTask(vaa));
    const receipt = await mined(f.home.hub('bridge').publishStatus(BSC_WH, taskId, STATUS.accepted, 0, RESULT, WEIGHTS));
    const body = await f.home.observe(receipt);
    const retargeted = `0x${body.payload.slice(2, 6)}0017${body.payload.slice(10)}`; // targetChain 4 → 23
    const portal = f.bsc.portal('carol');
    await expectRevert(portal.receiveStatus(f.sign({ ...body, payload: retargeted })), portal, 'TaskPortalWrongTargetChain', [23n]);
  });

  it('refuses VAAs signed by other keys, under an unknown guardian set, or with no signature', async () => {
    const { body } = await submitOnBsc();
    const hub = f.home.hub('bob');
    const other = Wallet.createRandom().privateKey;
    await expectRevert(hub.receiveTask(f.sign(body, [other])), hub, 'CorexHubInvalidVaa', ['VM signature invalid']);
    await expectRevert(hub.receiveTask(f.sign(body, [DEVNET_GUARDIAN_KEY], 1)), hub, 'CorexHubInvalidVaa', ['invalid guardian set']);
    await expectRevert(hub.receiveTask(f.sign(body, [])), hub, 'CorexHubInvalidVaa', ['no quorum']);
  });

  it('refuses one signature where three guardians need a quorum of three', async () => {
    const keys = [DEVNET_GUARDIAN_KEY, Wallet.createRandom().privateKey, Wallet.createRandom().privateKey];
    const deployer = f.home.wallet('deployer');
    const { address: core } = await deployWormholeCore(deployer, {
      wormholeChainId: HOME_WH,
      evmChainId: 1n,
      guardians: keys.map((key) => new Wallet(key).address),
    });
    const { abi, bytecode } = f.artifacts.CorexHub;
    const deployed = await (await new ContractFactory(abi as never, bytecode, deployer).deploy(core, f.deployment.home.token, deployer.address, deployer.address, 1n, 1n, 0n)).waitForDeployment();
    const hub = CorexHub__factory.connect(await deployed.getAddress(), deployer);
    await mined(hub.setPortal(BSC_WH, universalAddress(f.deployment.remotes[0].portal)));
    const { body } = await submitOnBsc();

    await expectRevert(hub.receiveTask(f.sign(body, [keys[0]])), hub, 'CorexHubInvalidVaa', ['no quorum']);
    await expectRevert(hub.receiveTask(f.sign(body, [keys[0], keys[2]], 0, [0, 2])), hub, 'CorexHubInvalidVaa', ['no quorum']);
    await mined(hub.receiveTask(f.sign(body, keys)));
  });
});
