import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { encodeBytes32String, id, parseEther, Wallet, type ContractTransactionResponse } from 'ethers';
import { deploymentRecord, writeDeploymentFile } from '@corex/chain';
import { accountIdToBytes32, connectCorex, deployCorex, nodeIdToBytes32, type CorexContracts, type CorexDeployment } from '@corex/chain-contracts';
import { startAnvil, type AnvilChain } from '@corex/chain-contracts/src/testing/anvil';
import { JobSubmitted, subjects, type EpochClosedData, type FragmentRewardedData } from '@corex/events';
import type { EventLog } from '@corex/eventstore';
import { spawnStaking, until, type StakingProcess } from '../../apps/staking/test/staking-process';
import { startHarness, type Harness } from '../../apps/marketplace/test/marketplace-harness';
import { createTestDatabase, disposeTestLog, NATS_URL, openTestLog } from '../support/infra';
import { jobSubmittedData } from '../support/job-submitted';
import { eventsOfType, waitForEvent } from '../support/wait-for-event';
import { appendFragmentVerified } from '../support/fragment-verified';

jest.setTimeout(240_000);

/** An hour: an epoch opened under it would not close within this test. */
const OLD_EPOCH = 3600n;
const NEW_EPOCH = 2n;
const GOVERNANCE = { timelockDelay: 600n, votingDelay: 1n, votingPeriod: 20n, quorumPercent: 4n };
const NODE = 'G'.repeat(56);
const ACCOUNT = 'acc-governed-epoch';
const JOB = 'job-governed-epoch';
const sha = (c: string) => c.repeat(64);
const mined = async (tx: Promise<ContractTransactionResponse>) => (await (await tx).wait())!;

/**
 * Governance owns the epoch length: a stake-weighted proposal passes, waits out the timelock and
 * sets MiningPool.epochLength; GET /v1/network reports it and the running settlement loop (the
 * staking service as a process) closes its open epoch after the new length, not the old hour.
 */
describe('a governance proposal changes the epoch length the services then use', () => {
  let anvil: AnvilChain;
  let d: CorexDeployment;
  let c: CorexContracts;
  let dir: string;
  let harness: Harness;
  let log: EventLog;
  let db: { url: string; drop: () => Promise<void> };
  let staking: StakingProcess | undefined;

  beforeAll(async () => {
    anvil = await startAnvil();
    const operator = anvil.wallet(1).address;
    d = await deployCorex(anvil.wallet(0), { settler: operator, anchor: operator, slasher: operator, binder: anvil.wallet(3).address, epochLength: OLD_EPOCH, governance: GOVERNANCE });
    c = connectCorex(d, anvil.wallet(0));
    dir = await mkdtemp(path.join(tmpdir(), 'corex-governance-'));
    const file = path.join(dir, 'deployment.json');
    await writeDeploymentFile(file, deploymentRecord(d, anvil.rpcUrl, Number(OLD_EPOCH)));
    await mined(c.token.approve(d.miningPool, parseEther('100')));
    await mined(c.miningPool.deposit(accountIdToBytes32(ACCOUNT), parseEther('100')));
    await mined(connectCorex(d, anvil.wallet(3)).stakingPool.bindPayout(nodeIdToBytes32(NODE), Wallet.createRandom().address, `0x${sha('0')}`));

    harness = await startHarness({ env: { COREX_DEPLOYMENT_FILE: file } });
    log = await openTestLog('test', 'governed');
    db = await createTestDatabase();
    staking = spawnStaking({
      NATS_URL,
      COREX_STREAM: log.store.names.stream,
      COREX_SUBJECT_PREFIX: log.store.names.prefix,
      DATABASE_URL: db.url,
      COREX_DEPLOYMENT_FILE: file,
      COREX_CHAIN_LOCAL: '1',
      COREX_CHAIN_CONFIRMATIONS: '0',
      COREX_CHAIN_POLL_MS: '100',
      COREX_SETTLEMENT_POLL_MS: '100',
    });
  });

  afterAll(async () => {
    await staking?.stop();
    await harness?.close();
    if (log) await disposeTestLog(log);
    await db?.drop();
    await anvil?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  /** Waits, and on a timeout fails with what the service printed. */
  const waitOrShow = async <T>(check: () => Promise<T | undefined>, what: string) => {
    try {
      return await until(check, what, 90_000);
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${staking?.output()}`);
    }
  };

  it('passes a stake-weighted proposal through the timelock; the network view and the running settlement loop use the new epoch length', async () => {
    expect((await harness.request('GET', '/v1/network')).body.epochLength).toBe(Number(OLD_EPOCH));

    // Work done under the old hour-long epoch: it opens epoch 1 in the running settlement loop.
    await log.store.append(subjects.job(JOB), [{ type: JobSubmitted.type, data: jobSubmittedData(JOB, { accountId: ACCOUNT, budget: '10' }) }, planned()], 0);
    const completedAt = new Date().toISOString();
    await log.store.append(subjects.fragment(`${JOB}-f0`), [completed(completedAt)], 0);
    await appendFragmentVerified(log, { fragmentId: `${JOB}-f0`, jobId: JOB, nodeId: NODE, leaseId: `${JOB}-lease0`, resultHash: sha('3') });
    await waitForEvent<FragmentRewardedData>(log, 'corex.fragment.rewarded.v1', (r) => r.fragmentId === `${JOB}-f0`, 60_000).catch((err: Error) => {
      throw new Error(`${err.message}\n${staking?.output()}`);
    });
    expect(await eventsOfType(log, 'corex.epoch.closed.v1')).toEqual([]);

    // Stake gives votes: the deployer stakes for a node of its own and is the only voter.
    await mined(c.token.approve(d.stakingPool, parseEther('5000')));
    await mined(c.stakingPool.stake(nodeIdToBytes32('governance-voter'), parseEther('5000')));
    await anvil.mine(1);
    const targets = [d.miningPool];
    const calldatas = [c.miningPool.interface.encodeFunctionData('setEpochLength', [NEW_EPOCH])];
    const description = `Epochs of ${NEW_EPOCH} seconds`;
    const descriptionHash = id(description);
    await mined(c.governor.propose(targets, [0n], calldatas, description));
    await anvil.mine(Number(GOVERNANCE.votingDelay) + 1);
    await mined(c.governor.castVote(await c.governor.hashProposal(targets, [0n], calldatas, descriptionHash), 1));
    await anvil.mine(Number(GOVERNANCE.votingPeriod) + 1);
    await mined(c.governor.queue(targets, [0n], calldatas, descriptionHash));
    await anvil.increaseTime(Number(GOVERNANCE.timelockDelay));
    const executed = await mined(c.governor.execute(targets, [0n], calldatas, descriptionHash));
    const changed = executed.logs.map((l) => c.miningPool.interface.parseLog(l)).find((e) => e?.name === 'ParameterChanged');
    expect(changed?.args.toObject()).toEqual({ name: encodeBytes32String('epochLength'), oldValue: OLD_EPOCH, newValue: NEW_EPOCH });

    const network = await harness.request('GET', '/v1/network');
    expect(network.status).toBe(200);
    expect(network.body.epochLength).toBe(Number(NEW_EPOCH));

    const closed = await waitOrShow(async () => (await eventsOfType<EpochClosedData>(log, 'corex.epoch.closed.v1')).find((e) => e.data.epoch === 1)?.data, 'epoch 1 closed');
    expect(closed).toMatchObject({ epochLength: Number(NEW_EPOCH), records: 1, leaves: 1 });
    expect(Date.parse(closed.closedAt) - Date.parse(completedAt)).toBeGreaterThanOrEqual(Number(NEW_EPOCH) * 1_000);
    await waitOrShow(async () => ((await c.miningPool.currentEpoch()) === 1n ? true : undefined), 'epoch 1 posted on-chain');
  });
});

function planned() {
  return {
    type: 'corex.job.fragments-planned.v1',
    data: {
      jobId: JOB,
      step: 0,
      totalSteps: 1,
      totalRows: 10,
      fragments: [
        {
          fragmentId: `${JOB}-f0`,
          index: 0,
          rowRange: [0, 10],
          size: { rows: 10, flops: 1, memoryBytes: 1 },
          task: { kind: 'inference', graphHash: sha('1'), weightsHash: null, inputHash: sha('2'), auxHash: null, outputs: ['y'], rows: 10 },
        },
      ],
      plannedAt: new Date().toISOString(),
    },
  };
}

function completed(completedAt: string) {
  return {
    type: 'corex.fragment.completed.v1',
    data: { fragmentId: `${JOB}-f0`, jobId: JOB, nodeId: NODE, leaseId: `${JOB}-lease0`, resultHash: sha('3'), durationMs: 5, rowsProcessed: 10, metrics: {}, signature: 'sig', completedAt },
  };
}
