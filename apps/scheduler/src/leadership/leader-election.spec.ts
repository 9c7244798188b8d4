import { createLogger } from '@corex/platform';
import { LeaderElection } from './leader-election';
import type { LeaderLease, LeaseTerm } from './leader-lease';

const logger = createLogger('test', 'silent');

/** A lease that is granted once and then cannot be renewed (NATS does not answer); later tries find it held. */
function unreachableAfterGrant(ttlMs: number): LeaderLease {
  let granted = false;
  return {
    tryAcquire: async (now: number): Promise<LeaseTerm | null> => {
      if (granted) return null;
      granted = true;
      return { epoch: 3, expiresAt: now + ttlMs, revision: 1 };
    },
    renew: async () => {
      throw new Error('timeout');
    },
    release: async () => undefined,
  } as unknown as LeaderLease;
}

describe('LeaderElection', () => {
  beforeEach(() => jest.useFakeTimers({ now: Date.parse('2026-11-30T00:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  it('stops acting before its lease runs out when it cannot renew it', async () => {
    const ttlMs = 300;
    const grantedAt = Date.now();
    const events: string[] = [];
    const election = new LeaderElection(unreachableAfterGrant(ttlMs), ttlMs, {
      onElected: async (epoch) => void events.push(`elected ${epoch}`),
      onDeposed: async () => void events.push(`deposed at +${Date.now() - grantedAt} ms`),
    }, logger);
    await election.start();
    expect(events).toEqual(['elected 3']);
    // The clock is the test's: the step-down comes with a fifth of the term left, never after it.
    await jest.advanceTimersByTimeAsync(ttlMs);
    expect(events).toEqual(['elected 3', `deposed at +${ttlMs - ttlMs / 5} ms`]);
    expect(election.isLeader).toBe(false);
    await election.stop();
  });

  it('tells a start-up still under way that the term has ended, before the stand-down waits its turn', async () => {
    const ttlMs = 300;
    const events: string[] = [];
    let finishStartUp!: () => void;
    const election = new LeaderElection(unreachableAfterGrant(ttlMs), ttlMs, {
      onElected: () => new Promise<void>((resolve) => (finishStartUp = () => (events.push('start-up done'), resolve()))),
      onDeposed: async () => void events.push('deposed'),
      onDeposing: () => void events.push('deposing'),
    }, logger);
    void election.start();
    await jest.advanceTimersByTimeAsync(ttlMs);
    expect(events).toEqual(['deposing']);
    finishStartUp();
    await jest.advanceTimersByTimeAsync(1);
    expect(events).toEqual(['deposing', 'start-up done', 'deposed']);
    await election.stop();
  });

  it('stands by while another holds the lease', async () => {
    const held = { tryAcquire: async () => null, renew: async () => null, release: async () => undefined } as unknown as LeaderLease;
    const election = new LeaderElection(held, 300, { onElected: async () => fail('elected'), onDeposed: async () => undefined }, logger);
    await election.start();
    expect(election.isLeader).toBe(false);
    await election.stop();
  });
});
