import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseEther } from 'ethers';
import { deploymentRecord, writeDeploymentFile } from '@corex/chain';
import { accountIdToBytes32, connectCorex, deployCorex } from '@corex/chain-contracts';
import { startAnvil, type AnvilChain } from '@corex/chain-contracts/src/testing/anvil';
import { FragmentCompleted, JobSubmitted, subjects } from '@corex/events';
import type { EventLog } from '@corex/eventstore';
import { loadConfig } from '@corex/platform';
import { appendFragmentVerified } from '../../../../test/support/fragment-verified';
import { createTestDatabase, disposeTestLog, NATS_URL, openTestLog } from '../../../../test/support/infra';
import { jobSubmittedData } from '../../../../test/support/job-submitted';
import { health, sample, scrapeMetrics } from '../../../../test/support/metrics';
import { until } from '../../../../test/support/until';
import { stakingConfigSchema } from '../config';
import { startStaking, type RunningStaking } from '../start-staking';

const NODE = 'A'.repeat(56);
const ACCOUNT = 'acc-ops-1';
const JOB = 'job-ops-1';

describe('staking /metrics and /health (anvil, NATS, Postgres)', () => {
  let anvil: AnvilChain;
  let log: EventLog;
  let db: { url: string; drop: () => Promise<void> };
  let dir: string;
  let staking: RunningStaking;
  let url: string;

  beforeAll(async () => {
    anvil = await startAnvil();
    log = await openTestLog('test', 'stops');
    db = await createTestDatabase();
    dir = await mkdtemp(path.join(tmpdir(), 'staking-ops-'));
    const operator = anvil.wallet(1).address;
    const d = await deployCorex(anvil.wallet(0), { settler: operator, anchor: operator, slasher: operator, binder: anvil.wallet(3).address, epochLength: 2n });
    const file = path.join(dir, 'deployment.json');
    await writeDeploymentFile(file, deploymentRecord(d, anvil.rpcUrl, 2));
    const c = connectCorex(d, anvil.wallet(0));
    await (await c.token.approve(d.miningPool, parseEther('100'))).wait();
    await (await c.miningPool.deposit(accountIdToBytes32(ACCOUNT), parseEther('100'))).wait();
    const { stream, prefix } = log.store.names;
    staking = await startStaking(
      loadConfig(stakingConfigSchema, {
        NATS_URL,
        COREX_STREAM: stream,
        COREX_SUBJECT_PREFIX: prefix,
        DATABASE_URL: db.url,
        LOG_LEVEL: 'silent',
        COREX_DEPLOYMENT_FILE: file,
        COREX_CHAIN_LOCAL: '1',
        COREX_CHAIN_CONFIRMATIONS: '0',
        COREX_CHAIN_POLL_MS: '100',
        COREX_SETTLEMENT_POLL_MS: '100',
        COREX_STAKING_HTTP_PORT: '0',
      }),
    );
    url = staking.opsUrl!;
  }, 120_000);

  afterAll(async () => {
    await staking?.close();
    await disposeTestLog(log);
    await db.drop();
    await anvil.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('reports NATS, Postgres and the chain up, and its chain follower at the head again after blocks are mined', async () => {
    await anvil.rpc('anvil_mine', ['0x14']);
    const body = await until(async () => {
      const answer = await health(url);
      return answer.body.chainFollowers?.['staking-ingest']?.lag === 0 ? answer.body : undefined;
    }, 'the chain follower at the head');
    expect(body).toMatchObject({ status: 'ok', service: 'staking', dependencies: { nats: 'ok', postgres: 'ok', chain: 'ok' } });
    expect(body.chainFollowers['staking-ingest'].chainId).toBe(31337);
    const text = await scrapeMetrics(url);
    expect(sample(text, 'corex_chain_follower_lag_blocks', { follower: 'staking-ingest', chain_id: '31337' })).toBe(0);
    expect(sample(text, 'corex_dependency_up', { dependency: 'chain' })).toBe(1);
    expect(Object.keys(body.consumers).length).toBeGreaterThan(0);
    expect(Object.keys(body.consumers).every((name) => name.startsWith('staking-'))).toBe(true);
  });

  it('shows an epoch closed from rewarded work as settled, with no settlement lag left', async () => {
    expect(sample(await scrapeMetrics(url), 'corex_settlement_last_settled_epoch')).toBe(0);
    await log.store.append(subjects.job(JOB), [{ type: JobSubmitted.type, data: jobSubmittedData(JOB, { accountId: ACCOUNT, budget: '10' }) }], 0);
    const completion = {
      fragmentId: `${JOB}-f0`,
      jobId: JOB,
      nodeId: NODE,
      leaseId: `${JOB}-lease0`,
      resultHash: '1'.repeat(64),
      durationMs: 5,
      rowsProcessed: 10,
      metrics: {},
      signature: 'sig',
      completedAt: new Date().toISOString(),
    };
    await log.store.append(subjects.fragment(completion.fragmentId), [{ type: FragmentCompleted.type, data: completion }], 0);
    await appendFragmentVerified(log, completion);
    const text = await until(async () => {
      const t = await scrapeMetrics(url);
      return (sample(t, 'corex_settlement_last_settled_epoch') ?? 0) >= 1 ? t : undefined;
    }, 'an epoch settled', 60_000);
    expect(sample(text, 'corex_settlement_lag_epochs')).toBe(0);
    expect(sample(text, 'corex_settlement_lag_seconds')).toBe(0);
  }, 90_000);
});
