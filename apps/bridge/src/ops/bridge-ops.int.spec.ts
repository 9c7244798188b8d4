import { createTestDatabase, NATS_URL, uniqueNames } from '../../../../test/support/infra';
import { health, sample, scrapeMetrics } from '../../../../test/support/metrics';
import { until } from '../../../../test/support/until';
import { startBridgeChains, type BridgeChains } from '../../test/bridge-chains';
import { bridgeConfigSchema } from '../config';
import { startBridge, type RunningBridge } from '../start-bridge';

describe('bridge /metrics and /health (two anvil chains, NATS, Postgres)', () => {
  let chains: BridgeChains;
  let bridge: RunningBridge;
  let dropDb: () => Promise<void>;

  beforeAll(async () => {
    chains = await startBridgeChains();
    const db = await createTestDatabase();
    dropDb = db.drop;
    const names = uniqueNames('bops');
    bridge = await startBridge(
      bridgeConfigSchema.parse({
        NATS_URL,
        COREX_STREAM: names.stream,
        COREX_SUBJECT_PREFIX: names.prefix,
        DATABASE_URL: db.url,
        LOG_LEVEL: 'silent',
        COREX_DEPLOYMENT_FILE: chains.deploymentFile,
        COREX_BRIDGE_KEY: chains.bridgeKey,
        // An account makes the bridge follow the chains for tasks; no task comes, so no marketplace is asked.
        COREX_BRIDGE_API_KEY: 'ops-test-key',
        COREX_BRIDGE_ACCOUNT_ID: 'acc-ops-test',
        COREX_MARKETPLACE_URL: 'http://127.0.0.1:9',
        COREX_BRIDGE_PORT: '0',
        COREX_CHAIN_CONFIRMATIONS: '0',
        COREX_CHAIN_POLL_MS: '100',
      }),
    );
  }, 180_000);
  afterAll(async () => {
    await bridge?.close();
    await dropDb?.();
    await chains?.stop();
  });

  it('reports NATS, Postgres and each chain up, and each chain follower at its head', async () => {
    const body = await until(async () => {
      const answer = await health(bridge.url);
      const followers = Object.values<{ lag: number }>(answer.body.chainFollowers ?? {});
      return followers.length > 0 && followers.every((f) => f.lag === 0) ? answer.body : undefined;
    }, 'the chain followers at their heads');
    expect(body.status).toBe('ok');
    expect(body.service).toBe('bridge');
    expect(Object.values(body.dependencies).every((state) => state === 'ok')).toBe(true);
    expect(Object.keys(body.dependencies).filter((name) => name.startsWith('chain:')).length).toBeGreaterThanOrEqual(2);
    const text = await scrapeMetrics(bridge.url);
    for (const [follower, { chainId }] of Object.entries<{ chainId: number }>(body.chainFollowers)) {
      expect(sample(text, 'corex_chain_follower_lag_blocks', { follower, chain_id: String(chainId) })).toBeGreaterThanOrEqual(0);
    }
    expect(sample(text, 'corex_dependency_up', { dependency: 'postgres' })).toBe(1);
  });

  it('keeps answering its own API routes', async () => {
    const res = await fetch(`${bridge.url}/v1/tasks/nothing`);
    expect(res.status).toBeLessThan(500);
  });
});
