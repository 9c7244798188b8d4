import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { verifyMarketplaceModelVersion } from '@corex/chain';
import { jobIdToBytes32 } from '@corex/chain-contracts';
import {
  JobCompleted,
  JobStepCompleted,
  NodeRegistered,
  type EpochClosedData,
  type EpochSettledData,
  type FragmentRewardedData,
  type JobStepCompletedData,
  type NodeRegisteredData,
} from '@corex/events';
import { fragmentsRootOf, pocLeafValue, pocTree, proofOf, type ComputeRecord } from '@corex/settlement';
import { until } from '../../apps/staking/test/staking-process';
import { startTrustStack, type TrustStack } from '../support/trust-stack';
import { eventsOfType, waitForEvent } from '../support/wait-for-event';

jest.setTimeout(600_000);

const ZERO = `0x${'0'.repeat(64)}`;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * A training job on the whole stack with money and trust (anvil, staking settlement, verifier,
 * two node-runner processes): every accepted step is a model version, anchored by the settlement;
 * anyone holding the weights checks them against the chain (node-runner verify-model).
 */
describe('model registry: a registered weight hash equals the on-chain record and the sha256 of the downloadable weights', () => {
  let trust: TrustStack;
  let apiKey: string;
  let dir: string;

  beforeAll(async () => {
    trust = await startTrustStack();
    apiKey = (await trust.stack.createAccount('registry')).apiKey;
    for (const name of ['honest-a', 'honest-b']) await trust.startHonestNode(name);
    await until(async () => ((await eventsOfType<NodeRegisteredData>(trust.stack.log, NodeRegistered.type)).length >= 2 ? true : undefined), 'two nodes registered', 120_000);
    dir = await mkdtemp(path.join(tmpdir(), 'model-registry-'));
  });
  afterAll(async () => {
    await trust?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('after settlement, the final version and an intermediate one: sha256(download) = weightsHash = ProofRegistry record (parent, step, fragments root); verify-model exits 0, and 1 on a tampered file', async () => {
    const { stack, contracts } = trust;
    const submitted = await stack.api('POST', '/v1/jobs', { token: apiKey, body: { type: 'training', model: 'penguins-mlp', dataset: 'penguins', budget: '5', priority: 'normal', params: { epochs: 3, shards: 2 } } });
    expect(submitted.status).toBe(202);
    const jobId = submitted.body.id as string;
    await waitForEvent(stack.log, JobCompleted.type, (d: { jobId: string }) => d.jobId === jobId, 360_000).catch((err: Error) => {
      throw new Error(`${err.message}\n${trust.output()}`);
    });
    const steps = (await eventsOfType<JobStepCompletedData>(stack.log, JobStepCompleted.type)).map((e) => e.data).filter((s) => s.jobId === jobId && s.accepted !== false);
    expect(steps.map((s) => s.step)).toEqual([0, 1, 2]);

    // Settled: every version is in a closed epoch, and that epoch is settled on-chain.
    const versions = new Set(steps.map((s) => s.weightsHash));
    const closed = await until(async () => {
      const all = (await eventsOfType<EpochClosedData>(stack.log, 'corex.epoch.closed.v1')).map((e) => e.data);
      const holding = all.filter((e) => e.models.some((m) => versions.has(m.weightsHash)));
      return holding.flatMap((e) => e.models).filter((m) => versions.has(m.weightsHash)).length === versions.size ? holding : undefined;
    }, `every version of ${jobId} in a closed epoch\n${trust.output()}`, 120_000);
    const lastEpoch = Math.max(...closed.map((e) => e.epoch));
    await until(async () => ((await eventsOfType<EpochSettledData>(stack.log, 'corex.epoch.settled.v1')).some((e) => e.data.epoch >= lastEpoch) ? true : undefined), `epoch ${lastEpoch} settled\n${trust.output()}`, 120_000);
    const rewards = new Map((await eventsOfType<FragmentRewardedData>(stack.log, 'corex.fragment.rewarded.v1')).filter((e) => e.data.jobId === jobId).map((e) => [e.data.fragmentId, e.data]));

    for (const step of [steps[0]!, steps[steps.length - 1]!]) {
      const version = step.step + 1;
      // The weights anyone with the job's API key downloads.
      const res = await fetch(`${stack.marketplace.url}/v1/models/${jobId}/versions/${version}/weights`, { headers: { authorization: `Bearer ${apiKey}` } });
      expect(res.status).toBe(200);
      const weights = new Uint8Array(await res.arrayBuffer());
      expect(sha256(weights)).toBe(step.weightsHash);

      const record = await contracts.proofRegistry.modelOf(`0x${step.weightsHash}`);
      expect(record.recordedAt).toBeGreaterThan(0n);
      expect({ jobId: record.jobId, parent: record.parent, step: record.step }).toEqual({
        jobId: jobIdToBytes32(jobId),
        parent: step.parentWeightsHash ? `0x${step.parentWeightsHash}` : ZERO,
        step: BigInt(step.step),
      });
      // The fragments root: the participants' rewarded Proof-of-Compute records, each provable against the version on-chain.
      const records: ComputeRecord[] = step.participants!.map((p) => rewards.get(p.fragmentId)).filter((r): r is FragmentRewardedData => r?.nodeId !== undefined);
      expect(records).toHaveLength(step.participants!.length);
      expect(record.fragmentsRoot).toBe(fragmentsRootOf(records));
      const leaf = pocLeafValue(records[0]!);
      expect(await contracts.proofRegistry.verifyModelFragment(`0x${step.weightsHash}`, ...leaf, proofOf(pocTree(records), leaf))).toBe(true);

      // The registry's anchor names the transaction that recorded exactly these weights.
      const anchor = await until(async () => (await stack.api('GET', `/v1/models/${jobId}/versions/${version}`, { token: apiKey })).body.anchor ?? undefined, `version ${version} anchored in the API`, 60_000);
      const receipt = await trust.anvil.provider.getTransactionReceipt(anchor.txHash);
      const logged = receipt!.logs.map((l) => contracts.proofRegistry.interface.parseLog(l)).find((p) => p?.name === 'ModelRecorded');
      expect(logged?.args.weightsHash).toBe(`0x${step.weightsHash}`);
      expect(anchor.fragmentsRoot).toBe(record.fragmentsRoot);

      const args = ['verify-model', '--job', jobId, '--version', String(version), '--api', stack.marketplace.url, '--api-key', apiKey, '--deployment', trust.deploymentFile, '--json'];
      const verified = await stack.nodeRunner(args);
      expect({ code: verified.code, out: JSON.parse(verified.stdout) }).toMatchObject({ code: 0, out: { ok: true, sha256: step.weightsHash, record: { step: step.step } } });

      // The SDK call does the same from code: download, hash, read the chain.
      const proofRegistry = await contracts.proofRegistry.getAddress();
      const sdk = await verifyMarketplaceModelVersion({ apiUrl: stack.marketplace.url, apiKey, jobId, version, rpcUrl: trust.anvil.rpcUrl, proofRegistry });
      expect(sdk).toMatchObject({ sha256: step.weightsHash, matches: true, record: { step: step.step, fragmentsRoot: record.fragmentsRoot } });

      const tampered = Uint8Array.from(weights);
      tampered[tampered.length - 1] ^= 0x01;
      const file = path.join(dir, `tampered-v${version}.bin`);
      await writeFile(file, tampered);
      const refused = await stack.nodeRunner(['verify-model', '--file', file, '--job', jobId, '--version', String(version), '--deployment', trust.deploymentFile]);
      expect(refused.code).toBe(1);
      expect(refused.stdout).toContain('MISMATCH');
    }
  });
});
