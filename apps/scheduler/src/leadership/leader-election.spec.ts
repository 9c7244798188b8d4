import { createLogger } from '@corex/platform';
import { LeaderElection } from './leader-election';
import type { LeaderLease, LeaseTerm } from './leader-lease';

const logger = createLogger('test', 'silent');

/** A lease that is granted once and then cannot be renewed (NATS does not answer). */
function unreachableAfterGrant(ttlMs: number): LeaderLease {
  return {
    tryAcquire: async (now: number): Promise<LeaseTerm> => ({ epoch: 3, expiresAt: now + ttlMs, revision: 1 }),
    renew: async () => {
      throw new Error('timeout');
    },
    release: async () => undefined,
  } as unknown as LeaderLease;
}

describe('LeaderElection', () => {
  it('stops acting before its lease runs out when it cannot renew it', async () => {
    const ttlMs = 300;
    let deposedAt = 0;
    let electedAt = 0;
    const deposed = new Promise<void>((resolve) => {
      const election = new LeaderElection(unreachableAfterGrant(ttlMs), ttlMs, {
        onElected: async (epoch) => {
          expect(epoch).toBe(3);
          electedAt = Date.now();
        },
        onDeposed: async () => {
          deposedAt = Date.now();
          resolve();
          void election.stop();
        },
      }, logger);
      void election.start();
    });
    await deposed;
    expect(deposedAt - electedAt).toBeLessThan(ttlMs);
  });

  it('stands by while another holds the lease', async () => {
    const held = { tryAcquire: async () => null, renew: async () => null, release: async () => undefined } as unknown as LeaderLease;
    const election = new LeaderElection(held, 300, { onElected: async () => fail('elected'), onDeposed: async () => undefined }, logger);
    await election.start();
    expect(election.isLeader).toBe(false);
    await election.stop();
  });
});
