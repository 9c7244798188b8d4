import type { EventEnvelope } from '@corex/events';
import { namedFactsOf } from './named-facts';

const NODE = 'N'.repeat(56);
const KEY = `0x${'a'.repeat(64)}`;
const keyed = (id: string, type: string, data: Record<string, unknown>): EventEnvelope =>
  ({ id, type, subject: `stake.${KEY}`, time: '2026-11-30T00:00:00.000Z', data: { nodeKey: KEY, ...data } }) as unknown as EventEnvelope;

describe('namedFactsOf: keyed facts restated under the node once its id is known', () => {
  it('given two stake changes and a payout binding under the key, restates the last of each under stake.<nodeId> with the nodeId and a derived id', () => {
    const facts = namedFactsOf(
      [
        keyed('chain:1:0x01:0', 'corex.stake.changed.v1', { active: '1', boostBps: 10_000 }),
        keyed('chain:1:0x02:0', 'corex.payout.bound.v1', { payout: '0xp' }),
        keyed('chain:1:0x03:0', 'corex.stake.changed.v1', { active: '2', boostBps: 11_000 }),
        keyed('chain:1:0x04:0', 'corex.reward.paid.v1', { amount: '5' }),
      ],
      NODE,
    );
    expect(facts).toEqual([
      { subject: `stake.${NODE}`, event: { id: 'chain:1:0x03:0:named', type: 'corex.stake.changed.v1', data: { nodeKey: KEY, active: '2', boostBps: 11_000, nodeId: NODE } } },
      { subject: `stake.${NODE}`, event: { id: 'chain:1:0x02:0:named', type: 'corex.payout.bound.v1', data: { nodeKey: KEY, payout: '0xp', nodeId: NODE } } },
    ]);
  });

  it('given no stake or payout fact under the key, restates nothing', () => {
    expect(namedFactsOf([keyed('chain:1:0x04:0', 'corex.reward.paid.v1', { amount: '5' })], NODE)).toEqual([]);
  });
});
