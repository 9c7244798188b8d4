import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import { ContractFactory, ZeroAddress, id } from 'ethers';
import { nodeIdToBytes32 } from '../src/ids';
import { events, expectRevert, mined, startFixture, type Fixture } from './fixture';

type Record5 = [string, string, string, string, string];
const record = (i: number): Record5 => [id(`job-${i % 2}`), id(`fragment-${i}`), nodeIdToBytes32(`node-${i % 3}`), id(`lease-${i}`), id(`result-${i}`)];
const ENCODING = ['bytes32', 'bytes32', 'bytes32', 'bytes32', 'bytes32'];

describe('ProofRegistry', () => {
  let f: Fixture;
  let snapshot: string;

  beforeAll(async () => {
    f = await startFixture();
  });
  afterAll(async () => {
    await f?.chain.stop();
  });
  beforeEach(async () => {
    snapshot = await f.chain.snapshot();
  });
  afterEach(async () => {
    await f.chain.revert(snapshot);
  });

  it('anchorEpoch stores the Proof-of-Compute root, emits EpochAnchored, and verifyRecord proves each record', async () => {
    const records = Array.from({ length: 5 }, (_, i) => record(i));
    const tree = StandardMerkleTree.of(records, ENCODING);
    const receipt = await mined(f.as('anchor').proofRegistry.anchorEpoch(3, tree.root, records.length));
    expect(events(receipt, f.c.proofRegistry, 'EpochAnchored')).toEqual([{ epoch: 3n, root: tree.root, records: 5n }]);
    const anchor = await f.c.proofRegistry.anchorOf(3);
    expect([anchor.root, anchor.records]).toEqual([tree.root, 5n]);
    expect(await f.c.proofRegistry.lastEpoch()).toBe(3n);
    for (const [i, r] of records.entries()) {
      expect(await f.c.proofRegistry.verifyRecord(3, ...r, tree.getProof(i))).toBe(true);
      expect(await f.c.proofRegistry.recordLeaf(...r)).toBe(tree.leafHash(r));
    }
    const forged: Record5 = [...records[0]];
    forged[4] = id('another result');
    expect(await f.c.proofRegistry.verifyRecord(3, ...forged, tree.getProof(0))).toBe(false);
    expect(await f.c.proofRegistry.verifyRecord(4, ...records[0], tree.getProof(0))).toBe(false);
  });

  it('anchorEpoch is for the anchor role, needs a later epoch (gaps allowed) and a non-zero root', async () => {
    const registry = f.as('anchor').proofRegistry;
    await expectRevert(f.as('alice').proofRegistry.anchorEpoch(1, id('r'), 1), f.c.proofRegistry, 'AccessControlUnauthorizedAccount');
    await expectRevert(registry.anchorEpoch(1, `0x${'00'.repeat(32)}`, 0), f.c.proofRegistry, 'ProofRegistryEmptyRoot');
    await mined(registry.anchorEpoch(2, id('r2'), 1));
    await expectRevert(registry.anchorEpoch(2, id('again'), 1), f.c.proofRegistry, 'ProofRegistryEpochNotAfterLast', [2n, 2n]);
    await expectRevert(registry.anchorEpoch(1, id('older'), 1), f.c.proofRegistry, 'ProofRegistryEpochNotAfterLast', [2n, 1n]);
    await mined(registry.anchorEpoch(5, id('r5'), 1));
    expect((await f.c.proofRegistry.anchorOf(5)).root).toBe(id('r5'));
  });

  it('the constructor refuses a zero admin', async () => {
    const { abi, bytecode } = f.artifacts.ProofRegistry;
    const factory = new ContractFactory(abi as never, bytecode, f.wallet('deployer'));
    await expectRevert(factory.deploy(ZeroAddress), f.c.proofRegistry, 'ProofRegistryZeroAddress');
  });

  it('recordModel records a model version once, with its job and accuracy, and emits ModelRecorded', async () => {
    const registry = f.as('anchor').proofRegistry;
    const receipt = await mined(registry.recordModel(id('job'), id('weights-v1'), 9_321));
    expect(events(receipt, f.c.proofRegistry, 'ModelRecorded')).toEqual([{ jobId: id('job'), weightsHash: id('weights-v1'), accuracyBps: 9_321n }]);
    const model = await f.c.proofRegistry.modelOf(id('weights-v1'));
    expect([model.jobId, model.accuracyBps, model.recordedAt > 0n]).toEqual([id('job'), 9_321n, true]);
    await expectRevert(registry.recordModel(id('job'), id('weights-v1'), 1), f.c.proofRegistry, 'ProofRegistryModelAlreadyRecorded', [id('weights-v1')]);
    await expectRevert(registry.recordModel(id('job'), id('weights-v2'), 10_001), f.c.proofRegistry, 'ProofRegistryAccuracyOutOfRange', [10_001n]);
    await expectRevert(f.as('alice').proofRegistry.recordModel(id('job'), id('w3'), 1), f.c.proofRegistry, 'AccessControlUnauthorizedAccount');
  });
});
