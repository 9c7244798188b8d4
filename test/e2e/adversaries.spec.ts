import { parseEther } from 'ethers';
import { buildMlpForward, deserializeMlpWeights, featureTensor, findModel, loadDataset, openSession, weightTensors } from '@corex/compute';
import { nodeIdToBytes32 } from '@corex/chain-contracts';
import {
  FragmentVerified,
  FraudDetected,
  JobCompleted,
  NodeEvicted,
  NodeRegistered,
  NodeSlashed,
  NodeSuspended,
  ReputationChanged,
  TierChanged,
  type FragmentVerifiedData,
  type FraudDetectedData,
  type FraudKind,
  type NodeRegisteredData,
  type NodeSlashedData,
  type ReputationChangedData,
  type TierChangedData,
} from '@corex/events';
import { evidenceHash } from '@corex/verification-domain';
import { standardized } from '../../apps/scheduler/src/planning/job-data';
import { pretrainedWeights } from '../../apps/scheduler/src/planning/pretrained-weights';
import type { AdversaryOptions, AdversaryProcess } from '../support/adversary-process';

type AdversaryKind = AdversaryOptions['kind'];
import { NODE_STAKE_CXT, startTrustStack, type TrustStack } from '../support/trust-stack';
import { until } from '../support/until';
import { eventsOfType, waitForEvent } from '../support/wait-for-event';

jest.setTimeout(240_000);

/**
 * Adversarial nodes (test/adversaries: a program of its own speaking the wire protocol, not our
 * node-runner) run beside two honest node-runner processes, every node staked. Each kind is caught
 * from what it sent, slashed on-chain with the evidence hash, demoted; its fragments are redone
 * and the jobs end correct (inference predictions equal the model run in-process, training reaches
 * its accuracy); no honest node is ever flagged or slashed.
 */
describe('adversarial nodes are caught, slashed and demoted, and jobs still finish correctly', () => {
  let trust: TrustStack;
  let apiKey: string;
  const honest: string[] = [];
  const adversaries: Partial<Record<AdversaryKind, { nodeId: string; process: AdversaryProcess }>> = {};
  let expected: Float32Array;

  beforeAll(async () => {
    // A replica nobody takes stops holding the gate (and the verifier recomputes) after 5 s instead of 20 s.
    trust = await startTrustStack({ scheduler: { COREX_REPLICA_WAIT_MS: '5000' }, service: { REPLICA_WAIT_MS: '5000' } });
    apiKey = (await trust.stack.createAccount('adversaries')).apiKey;
    for (const name of ['honest-a', 'honest-b']) honest.push(await trust.startHonestNode(name));
    await until(async () => ((await eventsOfType<NodeRegisteredData>(trust.stack.log, NodeRegistered.type)).length >= 2 ? true : undefined), 'the honest nodes registered', 120_000);
    // Each adversary in its own process (a cheater that is not our code), started one after another
    // so that their benchmarks do not measure each other.
    for (const kind of ['lazy', 'copier', 'replayer', 'duplicate', 'fake-benchmark'] as const) {
      const adversary = (adversaries[kind] = await trust.startAdversary(kind));
      await until(async () => (adversary.process.lines().some((l) => l.event === 'registered') ? true : undefined), `${kind} registered\n${trust.output()}`, 120_000);
    }
    // Ready once each has registered and answered its join challenge (it gets no work before).
    await until(
      async () => (Object.values(adversaries).every((a) => a.process.lines().some((l) => l.event === 'challenge-answered')) ? true : undefined),
      `every adversary answered its join challenge\n${trust.output()}`,
      150_000,
    );
    const { all } = standardized(loadDataset('penguins'));
    const weights = deserializeMlpWeights(await pretrainedWeights(findModel('penguins-mlp')!));
    const session = await openSession(buildMlpForward(weights.shape));
    expected = (await session.run({ x: featureTensor(all), ...weightTensors(weights) }))['probabilities']!.data as Float32Array;
  });
  afterAll(async () => trust?.close());

  /** A penguins-mlp job over REST; resolves once it completed, with its result document. */
  async function runJob(body: { type: string; params: Record<string, unknown> }): Promise<{ id: string; result: any }> {
    const submitted = await trust.stack.api('POST', '/v1/jobs', { token: apiKey, body: { model: 'penguins-mlp', dataset: 'penguins', budget: '10', priority: 'normal', ...body } });
    expect(submitted.status).toBe(202);
    const id = submitted.body.id as string;
    await waitForEvent(trust.stack.log, JobCompleted.type, (d: { jobId: string }) => d.jobId === id, 150_000).catch((err: Error) => {
      throw new Error(`${err.message}\n${trust.output()}`);
    });
    let last: { status: number; body: unknown } | undefined;
    const result = await until(async () => {
      const res = await trust.stack.api('GET', `/v1/jobs/${id}/result`, { token: apiKey });
      last = { status: res.status, body: res.body };
      return res.status === 200 ? res.body : undefined;
    }, 'the job result').catch(async (err: Error) => {
      const view = await trust.stack.api('GET', `/v1/jobs/${id}`, { token: apiKey });
      throw new Error(`${err.message}; last answer ${JSON.stringify(last).slice(0, 500)}; job view ${view.status} ${JSON.stringify(view.body).slice(0, 800)}`);
    });
    return { id, result };
  }

  const runInference = async (batchRows: number) => (await runJob({ type: 'inference', params: { batchRows } })).result as { predictions: { probabilities: number[] }[] };

  function expectCorrect(predictions: { probabilities: number[] }[]): void {
    expect(predictions).toHaveLength(expected.length / 3);
    let worst = 0;
    predictions.forEach((p, row) => p.probabilities.forEach((v, k) => (worst = Math.max(worst, Math.abs(v - expected[row * 3 + k]!)))));
    expect(worst).toBeLessThan(1e-4);
  }

  const fraudOf = (nodeId: string, kind: FraudKind) =>
    waitForEvent<FraudDetectedData>(trust.stack.log, FraudDetected.type, (d) => d.nodeId === nodeId && d.kind === kind, 150_000).catch((err: Error) => {
      throw new Error(`${err.message}\n${trust.output()}`);
    });

  /** Slashed on-chain with the fraud's evidence hash, stake reduced, demoted and suspended. */
  async function expectPunished(fraud: FraudDetectedData): Promise<void> {
    expect(fraud.evidenceHash).toBe(evidenceHash(fraud.evidence));
    const slashed = await waitForEvent<NodeSlashedData>(trust.stack.log, NodeSlashed.type, (d) => d.nodeId === fraud.nodeId && d.evidenceHash === fraud.evidenceHash, 90_000);
    expect(BigInt(slashed.data.amount)).toBeGreaterThan(0n);
    const onChain = await trust.contracts.stakingPool.queryFilter(trust.contracts.stakingPool.filters.Slashed(nodeIdToBytes32(fraud.nodeId)));
    expect(onChain.map((log) => log.args.evidenceHash)).toContain(fraud.evidenceHash);
    expect(await trust.stakeOf(fraud.nodeId)).toBeLessThan(parseEther(NODE_STAKE_CXT));
    // Demoted: its score falls (violations component), a fraud takes it down to the lowest tier, and it is suspended or evicted.
    const fallen = await waitForEvent<ReputationChangedData>(trust.stack.log, ReputationChanged.type, (d) => d.nodeId === fraud.nodeId && (d.indicators['frauds'] ?? 0)! >= 1, 60_000);
    expect(fallen.data.components.violations).toBeLessThan(1);
    if (fallen.data.previous !== null) expect(fallen.data.score).toBeLessThan(fallen.data.previous);
    await waitForEvent<TierChangedData>(trust.stack.log, TierChanged.type, (d) => d.nodeId === fraud.nodeId && d.to === 'edge', 30_000);
    const tiers = (await eventsOfType<TierChangedData>(trust.stack.log, TierChanged.type)).filter((e) => e.data.nodeId === fraud.nodeId).map((e) => e.data);
    expect(tiers.at(-1)!.to).toBe('edge');
    expect(tiers).toContainEqual(expect.objectContaining({ from: expect.stringMatching(/^(standard|pro|elite)$/), to: 'edge', reason: expect.stringMatching(/^fraud|overclaim/) }));
    const standing = await waitForEvent<{ nodeId: string }>(trust.stack.log, NodeSuspended.type, (d) => d.nodeId === fraud.nodeId, 30_000).catch(() =>
      waitForEvent<{ nodeId: string }>(trust.stack.log, NodeEvicted.type, (d) => d.nodeId === fraud.nodeId, 1_000),
    );
    expect(standing.data.nodeId).toBe(fraud.nodeId);
  }

  /** The fragment the fraud was about was redone: verified for the job under a lease of another node that no fraud names (a redo may itself be cheated on, then redone again). */
  async function expectRedone(fraud: FraudDetectedData): Promise<void> {
    const original = fraud.fragmentId!.replace(/-r\d+$/, '');
    const redone = await until(async () => {
      const fraudLeases = new Set((await eventsOfType<FraudDetectedData>(trust.stack.log, FraudDetected.type)).map((f) => f.data.leaseId));
      const verified = await eventsOfType<FragmentVerifiedData>(trust.stack.log, FragmentVerified.type);
      return verified.find((v) => v.data.fragmentId === original && v.data.nodeId !== fraud.nodeId && !fraudLeases.has(v.data.leaseId))?.data;
    }, `fragment ${original} verified on another node`);
    expect(redone.nodeId).not.toBe(fraud.nodeId);
  }

  /** The job that finishes correctly while adversaries work on it; then each adversary's catch and punishment. */
  it('completes every job correctly while the adversaries work on it, until each has cheated', async () => {
    const cheaters = Object.entries(adversaries).filter(([kind]) => kind !== 'fake-benchmark');
    const stillHonest = () => cheaters.filter(([, a]) => !a.process.lines().some((l) => l.event === 'cheated')).map(([kind]) => kind);
    for (let job = 1; job <= 4 && stillHonest().length > 0; job++) expectCorrect((await runInference(10)).predictions);
    expect(stillHonest()).toEqual([]);
  });

  it.each([
    ['lazy', 'wrong-output'],
    ['copier', 'copied-result'],
    ['replayer', 'replayed-result'],
    ['duplicate', 'duplicate-result'],
    ['duplicate', 'unleased-result'],
    ['fake-benchmark', 'benchmark-overclaim'],
  ] as const)('catches the %s node (%s), slashes it on-chain with the evidence hash and demotes it; its fragment is redone', async (kind, fraudKind) => {
    const fraud = (await fraudOf(adversaries[kind]!.nodeId, fraudKind)).data;
    await expectPunished(fraud);
    if (fraudKind === 'benchmark-overclaim') expect(fraud.challengeId).toBeDefined();
    else await expectRedone(fraud);
  });

  it('catches a lazy node on gradients (random gradients of the right shape); the training still reaches its accuracy', async () => {
    const lazy = await trust.startAdversary('lazy', 'adversary-lazy-gradients');
    await until(async () => (lazy.process.lines().some((l) => l.event === 'challenge-answered') ? true : undefined), `the second lazy node is ready\n${trust.output()}`, 120_000);
    const [training, fraud] = await Promise.all([runJob({ type: 'training', params: { epochs: 40, shards: 3 } }), fraudOf(lazy.nodeId, 'wrong-gradient')]);
    expect(training.result.accuracy).toBeGreaterThanOrEqual(0.9);
    await expectPunished(fraud.data);
    await expectRedone(fraud.data);
  });

  it('never flags or slashes an honest node', async () => {
    const frauds = await eventsOfType<FraudDetectedData>(trust.stack.log, FraudDetected.type);
    const slashes = await eventsOfType<NodeSlashedData>(trust.stack.log, NodeSlashed.type);
    expect(frauds.length).toBeGreaterThanOrEqual(6);
    expect(frauds.filter((f) => honest.includes(f.data.nodeId))).toEqual([]);
    expect(slashes.filter((s) => honest.includes(s.data.nodeId!))).toEqual([]);
    for (const nodeId of honest) expect(await trust.stakeOf(nodeId)).toBe(parseEther(NODE_STAKE_CXT));
  });
});
