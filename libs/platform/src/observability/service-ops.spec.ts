import { createServiceOps } from './service-ops';

const up = () => Promise.resolve();
const down = () => Promise.reject(new Error('refused'));

describe('createServiceOps', () => {
  it('answers 200 ok with every dependency and each consumer and follower lag when all dependencies answer', async () => {
    const ops = createServiceOps({
      service: 'svc',
      dependencies: { nats: up, postgres: up },
      consumers: async () => ({ feed: 3 }),
      chainFollowers: async () => [{ follower: 'pool', chainId: 31337, lag: 2 }],
    });
    expect(await ops.health()).toEqual({
      httpStatus: 200,
      body: { status: 'ok', service: 'svc', dependencies: { nats: 'ok', postgres: 'ok' }, consumers: { feed: { lag: 3 } }, chainFollowers: { pool: { chainId: 31337, lag: 2 } } },
    });
  });

  it('answers 503 degraded naming the dependency that is down, and reads no lag then', async () => {
    const consumers = jest.fn(async () => ({ feed: 0 }));
    const ops = createServiceOps({ service: 'svc', dependencies: { nats: up, chain: down }, consumers });
    expect(await ops.health()).toEqual({ httpStatus: 503, body: { status: 'degraded', service: 'svc', dependencies: { nats: 'ok', chain: 'down' } } });
    expect(consumers).not.toHaveBeenCalled();
  });

  it('counts a probe that throws before returning a promise as down', async () => {
    const ops = createServiceOps({ service: 'svc', dependencies: { nats: () => { throw new Error('closed'); } } });
    expect((await ops.health()).body.dependencies).toEqual({ nats: 'down' });
  });

  it('exposes dependency states and lags as metrics, leaving out a lag source that fails', async () => {
    const ops = createServiceOps({
      service: 'svc',
      dependencies: { nats: up, postgres: down },
      consumers: async () => ({ feed: 7 }),
      chainFollowers: () => Promise.reject(new Error('no table')),
    });
    const text = await ops.registry.metrics();
    expect(text).toContain('corex_dependency_up{dependency="nats"} 1');
    expect(text).toContain('corex_dependency_up{dependency="postgres"} 0');
    expect(text).toContain('corex_consumer_lag_events{consumer="feed"} 7');
    expect(text).not.toMatch(/^corex_chain_follower_lag_blocks\{/m);
  });
});
