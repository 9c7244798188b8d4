import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/nats-core';
import { jetstreamManager } from '@nats-io/jetstream';
import { NATS_URL, uniqueNames } from '../../../../test/support/infra';
import { leaderBucketName, LeaderLease } from './leader-lease';

describe('leader lease in JetStream KV', () => {
  const { prefix } = uniqueNames('lead');
  let nc: NatsConnection;

  beforeAll(async () => {
    nc = await connect({ servers: NATS_URL });
  });
  afterAll(async () => {
    await (await jetstreamManager(nc)).streams.delete(`KV_${leaderBucketName(prefix)}`).catch(() => undefined);
    await nc.close();
  });

  it('is held by one at a time; a lapsed lease goes to the next with a higher epoch, and the old holder can no longer renew', async () => {
    const a = await LeaderLease.open(nc, prefix, 'a', 1000);
    const b = await LeaderLease.open(nc, prefix, 'b', 1000);
    const t0 = Date.now();
    const termA = await a.tryAcquire(t0);
    expect(termA).toMatchObject({ epoch: 1 });
    expect(await b.tryAcquire(t0 + 10)).toBeNull();
    const renewed = await a.renew(termA!, t0 + 500);
    expect(renewed).toMatchObject({ epoch: 1, expiresAt: t0 + 1500 });
    expect(await b.tryAcquire(t0 + 1400)).toBeNull();
    const termB = await b.tryAcquire(t0 + 1501);
    expect(termB).toMatchObject({ epoch: 2 });
    expect(await a.renew(renewed!, t0 + 1600)).toBeNull();
  });

  it('lets only one of two simultaneous takers win (revision check)', async () => {
    const { prefix: p } = uniqueNames('lead');
    const leases = await Promise.all(['x', 'y', 'z'].map((h) => LeaderLease.open(nc, p, h, 1000)));
    const terms = await Promise.all(leases.map((l) => l.tryAcquire(Date.now())));
    expect(terms.filter(Boolean)).toHaveLength(1);
    await (await jetstreamManager(nc)).streams.delete(`KV_${leaderBucketName(p)}`);
  });
});
