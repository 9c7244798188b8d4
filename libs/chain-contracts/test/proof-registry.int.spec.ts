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

  const ZERO = `0x${'00'.repeat(32)}`;

  it('given a version trained from a parent, when recordModel runs, then modelOf holds its job, parent, step, accuracy and fragments root, and ModelRecorded carries them', async () => {
    const registry = f.as('anchor').proofRegistry;
    const receipt = await mined(registry.recordModel(id('job'), id('weights-v2'), id('weights-v1'), 1, 9_321, id('fragments')));
    expect(events(receipt, f.c.proofRegistry, 'ModelRecorded')).toEqual([
      { jobId: id('job'), weightsHash: id('weights-v2'), parent: id('weights-v1'), step: 1n, accuracyBps: 9_321n, fragmentsRoot: id('fragments') },
    ]);
    const model = await f.c.proofRegistry.modelOf(id('weights-v2'));
    expect([model.jobId, model.parent, model.step, model.accuracyBps, model.fragmentsRoot, model.recordedAt > 0n]).toEqual([id('job'), id('weights-v1'), 1n, 9_321n, id('fragments'), true]);
    expect((await f.c.proofRegistry.modelOf(id('never recorded'))).recordedAt).toBe(0n);
  });

  it('given a first version from fresh weights and no known records, then parent and fragments root may be zero', async () => {
    await mined(f.as('anchor').proofRegistry.recordModel(id('job'), id('weights-v1'), ZERO, 0, 5_000, ZERO));
    const model = await f.c.proofRegistry.modelOf(id('weights-v1'));
    expect([model.parent, model.step, model.fragmentsRoot, model.recordedAt > 0n]).toEqual([ZERO, 0n, ZERO, true]);
  });

  it('recordModel records a weights hash once, is for the anchor role, and refuses an accuracy above 10000 bps, a zero hash and a version that is its own parent', async () => {
    const registry = f.as('anchor').proofRegistry;
    await mined(registry.recordModel(id('job'), id('weights-v1'), ZERO, 0, 9_321, ZERO));
    await expectRevert(registry.recordModel(id('job'), id('weights-v1'), ZERO, 3, 1, ZERO), f.c.proofRegistry, 'ProofRegistryModelAlreadyRecorded', [id('weights-v1')]);
    await expectRevert(registry.recordModel(id('job'), id('weights-v2'), ZERO, 1, 10_001, ZERO), f.c.proofRegistry, 'ProofRegistryAccuracyOutOfRange', [10_001n]);
    await expectRevert(registry.recordModel(id('job'), ZERO, id('weights-v1'), 1, 1, ZERO), f.c.proofRegistry, 'ProofRegistryEmptyWeightsHash');
    await expectRevert(registry.recordModel(id('job'), id('w2'), id('w2'), 1, 1, ZERO), f.c.proofRegistry, 'ProofRegistryModelIsOwnParent', [id('w2')]);
    await expectRevert(f.as('alice').proofRegistry.recordModel(id('job'), id('w3'), ZERO, 0, 1, ZERO), f.c.proofRegistry, 'AccessControlUnauthorizedAccount');
  });

  it('given a version with a fragments root, then verifyModelFragment accepts each contributing record and refuses a wrong one, another job, an unknown version and a version without root', async () => {
    const job = id('job-0');
    const contributing = [0, 2, 4].map(record);
    const tree = StandardMerkleTree.of(contributing, ENCODING);
    const registry = f.as('anchor').proofRegistry;
    await mined(registry.recordModel(job, id('weights-v3'), id('weights-v2'), 2, 8_000, tree.root));
    for (const [i, r] of contributing.entries()) {
      const [, fragmentId, nodeId, leaseId, resultHash] = r;
      expect(await f.c.proofRegistry.verifyModelFragment(id('weights-v3'), job, fragmentId, nodeId, leaseId, resultHash, tree.getProof(i))).toBe(true);
    }
    const [, fragmentId, nodeId, leaseId] = contributing[1];
    const proof = tree.getProof(1);
    // A result the version was not made from, a fragment that did not contribute, another version.
    expect(await f.c.proofRegistry.verifyModelFragment(id('weights-v3'), job, fragmentId, nodeId, leaseId, id('forged result'), proof)).toBe(false);
    const outsider = record(6);
    expect(await f.c.proofRegistry.verifyModelFragment(id('weights-v3'), job, outsider[1], outsider[2], outsider[3], outsider[4], proof)).toBe(false);
    expect(await f.c.proofRegistry.verifyModelFragment(id('weights-v2'), job, fragmentId, nodeId, leaseId, contributing[1][4], proof)).toBe(false);
    // The same leaf under another job's id is another leaf; and a version recorded without a root proves nothing.
    expect(await f.c.proofRegistry.verifyModelFragment(id('weights-v3'), id('job-1'), fragmentId, nodeId, leaseId, contributing[1][4], proof)).toBe(false);
    await mined(registry.recordModel(job, id('weights-v4'), id('weights-v3'), 3, 8_000, ZERO));
    expect(await f.c.proofRegistry.verifyModelFragment(id('weights-v4'), job, fragmentId, nodeId, leaseId, contributing[1][4], [])).toBe(false);
  });
});
