import { createLogger } from '@corex/platform';
import { BoundedAudit } from './bounded-audit';

const rejection = (claimedNodeId: string) => ({ claimedNodeId, messageKind: 'work-request', code: 'NODE.MALFORMED', reason: 'x', rejectedAt: new Date() });

describe('BoundedAudit', () => {
  it('records at most the burst per claimed id and overall, and counts what it drops', async () => {
    const recorded: string[] = [];
    const audit = new BoundedAudit({ record: async (r) => void recorded.push(r.claimedNodeId) }, createLogger('test', 'silent'), { perNodePerSecond: 0.001, perNodeBurst: 3, globalPerSecond: 0.001, globalBurst: 10 }, () => 0);
    for (let i = 0; i < 100; i++) await audit.record(rejection('same'));
    for (let i = 0; i < 100; i++) await audit.record(rejection(`id-${i}`));
    expect(recorded.filter((id) => id === 'same')).toHaveLength(3);
    expect(recorded).toHaveLength(10);
    expect(audit.counters).toEqual({ recorded: 10, dropped: 190 });
  });
});
