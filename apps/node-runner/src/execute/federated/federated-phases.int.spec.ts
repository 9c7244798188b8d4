import { stat } from 'node:fs/promises';
import path from 'node:path';
import pino from 'pino';
import { buildMlpGradient, computeGradients, computeStandardization, initMlpWeights, loadPenguins, openSession, serializeMlpWeights, type MlpWeights } from '@corex/compute';
import { ensureUploadStream, taskBucketName, type BlobStore, type EventLog } from '@corex/eventstore';
import type { FragmentTask } from '@corex/events';
import {
  aggregateRound,
  decodeFederatedResult,
  encodeRoundDescriptor,
  maskedFromBase64url,
  SECAGG_PROTOCOL,
  SECAGG_SCALE,
  secaggThreshold,
  type FederatedResult,
  type Member,
  type RoundDescriptor,
  type SetupOutput,
  type UnmaskOutput,
  type UpdateOutput,
} from '@corex/secure-aggregation';
import { disposeTestLog, NATS_URL, openTestLog } from '../../../../../test/support/infra';
import { taskSealerFor } from '../../../../../test/support/sealed-task';
import { ExecutorPool } from '../pool/executor-pool';
import { flatDelta, standardizeRows, trainLocally } from './local-training';
import { createMembers, removeHomes, type TestMember } from './testing/federation-members';

const shape = { inputs: 4, hidden: 8, classes: 3 };
const federation = 'clinics';
const jobId = 'job-fed-1';
const training = { localEpochs: 5, learningRate: 0.5, clipNorm: 50 };
const kindOf = { setup: 'federated-setup', update: 'federated-update', unmask: 'federated-unmask' } as const;

describe('federated phases on executor threads over the real object store', () => {
  let log: EventLog;
  let blobs: BlobStore;
  let members: TestMember[];
  const pools = new Map<string, ExecutorPool>();
  let sealer: ReturnType<typeof taskSealerFor>;
  let global: MlpWeights;
  let hashes: { graph: string; weights: string };
  const stats = computeStandardization(loadPenguins());
  const standardization = { mean: Array.from(stats.mean), std: Array.from(stats.std) };
  /** Each member's setup result, once the setup phase ran: the round's members then carry their masking keys. */
  let setups: Record<string, SetupOutput> | undefined;

  beforeAll(async () => {
    log = await openTestLog('fed', 'fed');
    blobs = await log.blobs();
    await ensureUploadStream(log.jsm, log.store.names.prefix);
    sealer = taskSealerFor(log);
    members = (await createMembers(federation, [40, 55, 70])).sort((a, b) => (a.nodeId < b.nodeId ? -1 : 1));
    const prefix = log.store.names.prefix;
    for (const m of members) {
      const node = { nodeId: m.nodeId, seed: m.seed };
      const source = { kind: 'nats', url: NATS_URL, bucket: taskBucketName(prefix), prefix, node } as const;
      pools.set(m.nodeId, new ExecutorPool({ threads: 1, cores: 1, executionProvider: 'cpu', blobs: source, federation: { home: m.home, nodeId: m.nodeId }, logger: pino({ level: 'silent' }) }));
    }
    global = initMlpWeights(shape, 21);
    hashes = { graph: await blobs.put(buildMlpGradient(shape)), weights: await blobs.put(serializeMlpWeights(global)) };
  });
  afterAll(async () => {
    await Promise.all([...pools.values()].map((p) => p.close()));
    await removeHomes(members ?? []);
    await disposeTestLog(log);
  });

  /** Runs one member's phase as an assignment brings it (descriptor and blobs sealed for the job) and decodes the stored result. */
  async function run(member: TestMember, descriptor: RoundDescriptor): Promise<FederatedResult> {
    const task: FragmentTask = {
      kind: kindOf[descriptor.phase],
      graphHash: hashes.graph,
      weightsHash: descriptor.phase === 'update' ? hashes.weights : null,
      inputHash: await blobs.put(encodeRoundDescriptor(descriptor)),
      auxHash: null,
      outputs: ['result'],
      rows: member.rows.rows,
    };
    const result = await pools.get(member.nodeId)!.execute(task, await sealer.sealingFor(descriptor.jobId, task));
    expect(result.rowsProcessed).toBe(member.rows.rows);
    const stored = await (await log.uploads()).get(member.nodeId, result.resultHash);
    return decodeFederatedResult(stored!);
  }

  const roster = (): Member[] => members.map((m) => ({ nodeId: m.nodeId, encryptionKey: m.encryptionKey, ...(setups ? { maskingKey: setups[m.nodeId]!.maskingKey } : {}) }));
  const threshold = () => secaggThreshold(members.length);
  const base = () => ({ protocol: SECAGG_PROTOCOL, jobId, federation, members: roster(), threshold: threshold() }) as const;
  const updateDescriptor = (round: number) => ({ ...base(), phase: 'update', round, shape, ...training, standardization }) as const;

  /** Updates of `survivors`, unmasks by them, and the coordinator's weighted mean. */
  async function playRound(round: number, survivors: TestMember[], dropped: TestMember[]) {
    const updates: Record<string, UpdateOutput> = {};
    for (const m of survivors) updates[m.nodeId] = (await run(m, updateDescriptor(round))) as UpdateOutput;
    const ids = (list: TestMember[]) => list.map((m) => m.nodeId);
    const unmasks: UnmaskOutput[] = [];
    for (const m of survivors) {
      const setupShares = Object.fromEntries(members.map((s) => [s.nodeId, setups![s.nodeId]!.shares[m.nodeId]!]));
      const selfShares = Object.fromEntries(survivors.map((s) => [s.nodeId, updates[s.nodeId]!.selfShares[m.nodeId]!]));
      unmasks.push((await run(m, { ...base(), phase: 'unmask', round, survivors: ids(survivors), dropped: ids(dropped), setupShares, selfShares })) as UnmaskOutput);
    }
    const length = updates[survivors[0]!.nodeId]!.length;
    const masked = Object.fromEntries(Object.entries(updates).map(([id, u]) => [id, maskedFromBase64url(u.masked, u.length)]));
    const aggregate = aggregateRound({ jobId, round, members: roster(), survivors: ids(survivors), dropped: ids(dropped), masked, unmasks, threshold: threshold(), length });
    return { updates, aggregate };
  }

  /** The members' real local deltas, trained here the way the node trains, and their row-weighted mean. */
  async function expectedMean(survivors: TestMember[]): Promise<Float32Array> {
    const session = await openSession(buildMlpGradient(shape));
    try {
      const sum = new Float64Array(global.W1.length + global.b1.length + global.W2.length + global.b2.length);
      for (const m of survivors) {
        const rows = { ...m.rows, features: standardizeRows(m.rows.features, standardization) };
        const { local } = await trainLocally(global, (w) => computeGradients(session, w, rows), { epochs: training.localEpochs, learningRate: training.learningRate });
        const delta = flatDelta(local, global);
        expect(Math.hypot(...delta)).toBeLessThan(training.clipNorm); // not clipped: the mean is of the raw deltas
        delta.forEach((v, i) => (sum[i] += m.rows.rows * v));
      }
      const total = survivors.reduce((n, m) => n + m.rows.rows, 0);
      return Float32Array.from(sum, (v) => v / total);
    } finally {
      await session.release();
    }
  }

  function expectWeightedMean(aggregate: { weightedSum: Float32Array; totalRows: number }, expected: Float32Array, count: number): void {
    const tolerance = (count * 0.5) / SECAGG_SCALE / aggregate.totalRows + 1e-5;
    const worst = Array.from(aggregate.weightedSum).reduce((w, v, i) => Math.max(w, Math.abs(v / aggregate.totalRows - expected[i]!)), 0);
    expect(worst).toBeLessThanOrEqual(tolerance);
    expect(Math.hypot(...expected)).toBeGreaterThan(100 * tolerance);
  }

  it('runs setup on each member, keeping its masking key private to its home', async () => {
    const outputs: Record<string, SetupOutput> = {};
    for (const m of members) outputs[m.nodeId] = (await run(m, { ...base(), phase: 'setup' })) as SetupOutput;
    setups = outputs;
    for (const m of members) {
      expect(setups![m.nodeId]).toMatchObject({ phase: 'setup', nodeId: m.nodeId });
      expect(Object.keys(setups![m.nodeId]!.shares).sort()).toEqual(members.map((x) => x.nodeId).sort());
      expect((await stat(path.join(m.home, 'secagg', `${jobId}.json`))).mode & 0o777).toBe(0o600);
    }
  });

  it('runs update and unmask on three members: the coordinator decodes the row-weighted mean of their real local deltas', async () => {
    const { updates, aggregate } = await playRound(1, members, []);
    expect(aggregate.totalRows).toBe(40 + 55 + 70);
    for (const m of members) expect(updates[m.nodeId]).toMatchObject({ phase: 'update', nodeId: m.nodeId, round: 1, length: 4 * 8 + 8 + 8 * 3 + 3 + 1 });
    expectWeightedMean(aggregate, await expectedMean(members), members.length);
  });

  it('recovers a round in which a member dropped after setup: the mean of the survivors', async () => {
    const [a, b, c] = members as [TestMember, TestMember, TestMember];
    const { aggregate } = await playRound(2, [a, c], [b]);
    expect(aggregate.totalRows).toBe(a.rows.rows + c.rows.rows);
    expectWeightedMean(aggregate, await expectedMean([a, c]), 2);
  });

  it('answers one unmask per round: asked again for round 2 with another split of survivors and dropped, it refuses (SECAGG.REFUSED)', async () => {
    const [a, b, c] = members as [TestMember, TestMember, TestMember];
    const setupShares = Object.fromEntries(members.map((s) => [s.nodeId, setups![s.nodeId]!.shares[a.nodeId]!]));
    // Round 2 was answered with survivors a, c and b dropped: swapping b and c would yield c's masking-key share too.
    const swapped: RoundDescriptor = { ...base(), phase: 'unmask', round: 2, survivors: [a.nodeId, b.nodeId], dropped: [c.nodeId], setupShares, selfShares: {} };
    await expect(run(a, swapped)).rejects.toMatchObject({ code: 'SECAGG.REFUSED' });
  });

  it('releases a phase of a federation the node holds no dataset for (RUNNER.FEDERATION_UNKNOWN)', async () => {
    await expect(run(members[0]!, { ...base(), federation: 'elsewhere', phase: 'setup' })).rejects.toMatchObject({ code: 'RUNNER.FEDERATION_UNKNOWN' });
  });

  it('releases an update of a job whose setup did not run on this node (RUNNER.SECAGG_KEY_MISSING)', async () => {
    await expect(run(members[0]!, { ...updateDescriptor(1), jobId: 'job-never-set-up' })).rejects.toMatchObject({ code: 'RUNNER.SECAGG_KEY_MISSING' });
  });

  it('refuses to reveal both shares of one node (SECAGG.REFUSED)', async () => {
    const [a, b] = members as [TestMember, TestMember];
    const setupShares = Object.fromEntries(members.map((s) => [s.nodeId, setups![s.nodeId]!.shares[a.nodeId]!]));
    const descriptor: RoundDescriptor = { ...base(), phase: 'unmask', round: 3, survivors: [a.nodeId, b.nodeId], dropped: [b.nodeId], setupShares, selfShares: {} };
    await expect(run(a, descriptor)).rejects.toMatchObject({ code: 'SECAGG.REFUSED' });
  });
});
