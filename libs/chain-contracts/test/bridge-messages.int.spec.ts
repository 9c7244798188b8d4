import { concat, Contract, ContractFactory, id, keccak256, solidityPacked, toBeHex, toUtf8Bytes, Wallet, zeroPadValue } from 'ethers';
import { startAnvil, type AnvilChain } from '../src/testing/anvil';
import { DEVNET_GUARDIAN_KEY, observedMessage } from '../src/testing/bridge-vaa';
import { loadArtifacts, type Artifacts } from '../src/build/compile';
import { deployWormholeCore } from '../src/wormhole-core';
import { TaskPortal__factory } from '../src/generated';
import { CXT, mined } from './bridge-fixture';
import { events, expectRevert } from './fixture';

/** A TS codec written from the payload table (issue 14), independent of the Solidity one. */
const b32 = (hex: string) => zeroPadValue(hex, 32);
const encode = {
  taskSubmitted: (m: { taskId: string; submitter: string; token: string; escrow: bigint; spec: string }) =>
    concat(['0x0101', m.taskId, b32(m.submitter), b32(m.token), toBeHex(m.escrow, 32), keccak256(toUtf8Bytes(m.spec)), toUtf8Bytes(m.spec)]),
  taskStatus: (m: { targetChain: number; taskId: string; status: number; verification: number; resultHash: string; weightsHash: string }) =>
    concat(['0x0201', toBeHex(m.targetChain, 2), m.taskId, toBeHex(m.status, 1), toBeHex(m.verification, 1), m.resultHash, m.weightsHash]),
  tokenTransfer: (m: { transferId: string; targetChain: number; recipient: string; amount: bigint; nodeId: string }) =>
    concat(['0x0301', m.transferId, toBeHex(m.targetChain, 2), m.recipient, toBeHex(m.amount, 32), m.nodeId]),
};

describe('bridge payloads: the Solidity codec and an independent TypeScript encoder agree byte for byte', () => {
  let chain: AnvilChain;
  let artifacts: Artifacts;
  let harness: Contract;
  beforeAll(async () => {
    chain = await startAnvil({ chainId: 56 });
    artifacts = loadArtifacts();
    const { abi, bytecode } = artifacts.BridgeMessagesHarness;
    harness = (await (await new ContractFactory(abi as never, bytecode, chain.wallet(0)).deploy()).waitForDeployment()) as Contract;
  }, 60_000);
  afterAll(async () => chain?.stop());

  const status = { targetChain: 4, taskId: id('task'), status: 3, verification: 1, resultHash: id('result'), weightsHash: id('weights') };
  const transfer = { transferId: id('transfer'), targetChain: 23, recipient: b32('0x70997970c51812dc3a010c7d01b50e0d17dc79c8'), amount: CXT('1234.5'), nodeId: id('node') };

  it('decodes a TS-encoded TaskStatus and TokenTransfer field for field, and encodes them to the same bytes', async () => {
    const statusBytes = encode.taskStatus(status);
    expect(statusBytes.length).toBe(2 + 102 * 2);
    expect((await harness.decodeTaskStatus(statusBytes)).toObject()).toEqual({ ...status, targetChain: 4n, status: 3n, verification: 1n });
    expect(await harness.encodeTaskStatus(status)).toBe(statusBytes);

    const transferBytes = encode.tokenTransfer(transfer);
    expect(transferBytes.length).toBe(2 + 132 * 2);
    expect((await harness.decodeTokenTransfer(transferBytes)).toObject()).toEqual({ ...transfer, targetChain: 23n });
    expect(await harness.encodeTokenTransfer(transfer)).toBe(transferBytes);
  });

  it('decodes a TS-encoded TaskSubmitted with its UTF-8 spec, and refuses a wrong type, version or length', async () => {
    const spec = '{"model":"résnet","epochs":2}';
    const task = { taskId: id('t'), submitter: '0x70997970c51812dc3a010c7d01b50e0d17dc79c8', token: '0xe7f1725e7734ce288f8367e1bb143e90bb3f0512', escrow: CXT(25), spec };
    const bytes = encode.taskSubmitted(task);
    const decoded = (await harness.decodeTaskSubmitted(bytes)).toObject();
    expect(decoded).toEqual({ taskId: task.taskId, submitter: b32(task.submitter), token: b32(task.token), escrow: CXT(25), specHash: keccak256(toUtf8Bytes(spec)), spec: `0x${Buffer.from(spec).toString('hex')}` });

    await expectRevert(harness.decodeTaskStatus(bytes), harness, 'BridgeMessagesWrongType', [2n, 1n]);
    await expectRevert(harness.decodeTaskStatus(`0x0202${encode.taskStatus(status).slice(6)}`), harness, 'BridgeMessagesWrongVersion', [2n]);
    await expectRevert(harness.decodeTokenTransfer(`${encode.tokenTransfer(transfer)}00`), harness, 'BridgeMessagesWrongLength', [133n]);
    await expectRevert(harness.decodeTaskSubmitted(concat(['0x0101', id('x')])), harness, 'BridgeMessagesWrongLength', [34n]);
  });

  it('publishes from TaskPortal.submitTask exactly the TaskSubmitted the TS encoder builds', async () => {
    const deployer = chain.wallet(0);
    const { address: core } = await deployWormholeCore(deployer, { wormholeChainId: 4, evmChainId: 56n, guardians: [new Wallet(DEVNET_GUARDIAN_KEY).address] });
    const cxt = await (await new ContractFactory(artifacts.CorexToken.abi as never, artifacts.CorexToken.bytecode, deployer).deploy(deployer.address, CXT(1_000))).waitForDeployment();
    const token = await cxt.getAddress();
    const { abi, bytecode } = artifacts.TaskPortal;
    const deployed = await (await new ContractFactory(abi as never, bytecode, deployer).deploy(core, token, deployer.address, deployer.address)).waitForDeployment();
    const portal = TaskPortal__factory.connect(await deployed.getAddress(), deployer);
    await mined((cxt as Contract).approve(await portal.getAddress(), CXT(25)) as never);

    const spec = '{"kind":"inference","model":"resnet18"}';
    const receipt = await mined(portal.submitTask(toUtf8Bytes(spec), CXT(25)));
    const taskId = keccak256(solidityPacked(['uint16', 'address', 'uint64'], [4, await portal.getAddress(), 0n]));
    expect(events(receipt, portal, 'TaskSubmitted')[0].taskId).toBe(taskId);
    const body = await observedMessage(receipt, core, 4, chain.provider);
    expect(body.payload).toBe(encode.taskSubmitted({ taskId, submitter: deployer.address, token, escrow: CXT(25), spec }).toLowerCase());
    expect(body.emitterAddress).toBe(b32(await portal.getAddress()).toLowerCase());
  });
});
