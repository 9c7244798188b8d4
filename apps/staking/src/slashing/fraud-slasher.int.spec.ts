import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseEther } from 'ethers';
import { deploymentRecord, writeDeploymentFile } from '@corex/chain';
import { connectCorex, deployCorex, nodeIdToBytes32, type CorexContracts } from '@corex/chain-contracts';
import { startAnvil, type AnvilChain } from '@corex/chain-contracts/src/testing/anvil';
import { FraudDetected, NodeSlashed, StakeChanged, subjects, type FraudDetectedData, type NodeSlashedData, type StakeChangedData } from '@corex/events';
import type { EventLog } from '@corex/eventstore';
import { evidenceHash } from '@corex/verification-domain';
import { createTestDatabase, disposeTestLog, NATS_URL, openTestLog } from '../../../../test/support/infra';
import { eventsOfType, waitForEvent } from '../../../../test/support/wait-for-event';
import { spawnStaking, type StakingProcess } from '../../test/staking-process';

const STAKED = 'C'.repeat(52) + 'QQQQ';
const UNSTAKED = 'D'.repeat(52) + 'QQQQ';

function fraud(fraudId: string, nodeId: string, detail: string): FraudDetectedData {
  const evidence = { check: 'sampled-rows', expected: 'a', got: 'b', hashes: { result: 'f'.repeat(64) }, detail };
  return { fraudId, nodeId, kind: 'wrong-output', jobId: 'job-1', fragmentId: 'frag-1', leaseId: 'lease-1', evidence, evidenceHash: evidenceHash(evidence), detectedAt: new Date().toISOString() };
}

describe('slashing: FraudDetected slashes the node on-chain once (staking service process, anvil, NATS, Postgres)', () => {
  let anvil: AnvilChain;
  let log: EventLog;
  let db: { url: string; drop: () => Promise<void> };
  let dir: string;
  let c: CorexContracts;
  let staking: StakingProcess | undefined;
  let env: Record<string, string>;

  beforeAll(async () => {
    anvil = await startAnvil();
    log = await openTestLog('test', 'slash');
    db = await createTestDatabase();
    dir = await mkdtemp(path.join(tmpdir(), 'staking-slash-'));
    const operator = anvil.wallet(1).address;
    const d = await deployCorex(anvil.wallet(0), { settler: operator, anchor: operator, slasher: operator, binder: operator });
    const file = path.join(dir, 'deployment.json');
    await writeDeploymentFile(file, deploymentRecord(d, anvil.rpcUrl, 3600));
    c = connectCorex(d, anvil.wallet(0));
    for (const nodeId of [STAKED, UNSTAKED]) await log.store.append(subjects.node(nodeId), [{ type: 'corex.node.registered.v1', data: registered(nodeId) }], 0);
    await (await c.token.approve(await c.stakingPool.getAddress(), parseEther('5000'))).wait();
    await (await c.stakingPool.stake(nodeIdToBytes32(STAKED), parseEther('5000'))).wait();
    env = {
      NATS_URL,
      COREX_STREAM: log.store.names.stream,
      COREX_SUBJECT_PREFIX: log.store.names.prefix,
      DATABASE_URL: db.url,
      COREX_DEPLOYMENT_FILE: file,
      COREX_CHAIN_LOCAL: '1',
      // Anvil mines a block per transaction only: with 0 the slash enters the log without waiting for a later block.
      COREX_CHAIN_CONFIRMATIONS: '0',
      COREX_CHAIN_POLL_MS: '100',
      SLASH_BPS: '1000',
    };
    staking = spawnStaking(env);
  }, 120_000);

  afterAll(async () => {
    await staking?.stop();
    if (process.env.DEBUG_STAKING) console.log(staking?.output());
    await anvil?.stop();
    await disposeTestLog(log);
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const slashedWith = (hash: string) => waitForEvent<NodeSlashedData>(log, NodeSlashed.type, (d) => d.evidenceHash === hash, 60_000);

  it('slashes SLASH_BPS of the stake with the evidence hash; a redelivered fraud, and one of a node without stake, slash nothing', async () => {
    const first = fraud('fraud-wrong-output-lease-1', STAKED, 'first');
    await log.store.append(subjects.verification('frag-1'), [{ type: FraudDetected.type, data: first }], 0);
    const slashed = await slashedWith(first.evidenceHash);
    expect(slashed.data).toMatchObject({ nodeId: STAKED, amount: parseEther('500').toString() });
    const changed = await waitForEvent<StakeChangedData>(log, StakeChanged.type, (d) => d.nodeId === STAKED && d.cause === 'slashed');
    expect(changed.data.active).toBe(parseEther('4500').toString());

    // The same fraud again (a second delivery), a fraud of a node without stake, then one more fraud as the marker that all before it was handled.
    const { version } = await log.store.read(subjects.verification('frag-1'));
    await log.store.append(subjects.verification('frag-1'), [{ type: FraudDetected.type, data: first }], version);
    await log.store.append(subjects.verification('frag-2'), [{ type: FraudDetected.type, data: fraud('fraud-wrong-output-lease-2', UNSTAKED, 'unstaked') }], 0);
    const benchmark = { ...fraud('fraud-benchmark-overclaim-ch-1', STAKED, 'benchmark'), kind: 'benchmark-overclaim' as const, challengeId: 'ch-1' };
    await log.store.append(subjects.challenge('ch-1'), [{ type: FraudDetected.type, data: benchmark }], 0);
    const marker = fraud('fraud-wrong-output-lease-3', STAKED, 'marker');
    await log.store.append(subjects.verification('frag-3'), [{ type: FraudDetected.type, data: marker }], 0);
    await slashedWith(marker.evidenceHash);
    await slashedWith(benchmark.evidenceHash);

    const onChain = await c.stakingPool.queryFilter(c.stakingPool.filters.Slashed());
    expect(onChain.map((e) => e.args.evidenceHash)).toEqual(expect.arrayContaining([first.evidenceHash, marker.evidenceHash, benchmark.evidenceHash]));
    expect(onChain).toHaveLength(3);
    expect((await c.stakingPool.nodeStake(nodeIdToBytes32(STAKED))).active).toBe(parseEther('3645'));
    expect((await eventsOfType<NodeSlashedData>(log, NodeSlashed.type)).every((e) => e.data.nodeId === STAKED)).toBe(true);
  }, 180_000);

  it('after a crash that loses every ack (SIGKILL, consumers deleted), the redelivered frauds slash nothing again; new ones do', async () => {
    const before = (await c.stakingPool.queryFilter(c.stakingPool.filters.Slashed())).length;
    await staking!.kill9();
    for (const durable of ['staking-slash-verification', 'staking-slash-challenge']) await log.jsm.consumers.delete(log.store.names.stream, durable);
    staking = spawnStaking(env);
    const afterVerification = fraud('fraud-wrong-output-lease-4', STAKED, 'after restart');
    const afterChallenge = { ...fraud('fraud-wrong-challenge-ch-2', STAKED, 'after restart, challenge'), kind: 'wrong-challenge' as const, challengeId: 'ch-2' };
    await log.store.append(subjects.verification('frag-4'), [{ type: FraudDetected.type, data: afterVerification }], 0);
    await log.store.append(subjects.challenge('ch-2'), [{ type: FraudDetected.type, data: afterChallenge }], 0);
    await slashedWith(afterVerification.evidenceHash);
    await slashedWith(afterChallenge.evidenceHash);
    expect(await c.stakingPool.queryFilter(c.stakingPool.filters.Slashed())).toHaveLength(before + 2);
  }, 180_000);
});

function registered(nodeId: string) {
  return {
    nodeId,
    name: 'slash-node',
    hardware: { cpuModel: 'test', cpuCores: 2, memoryBytes: 1024, gpus: [], executionProviders: ['cpu'], os: 'linux', arch: 'x64' },
    runnerVersion: '0.1.0',
    registeredAt: new Date().toISOString(),
  };
}
