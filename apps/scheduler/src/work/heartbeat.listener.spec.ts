import { HeartbeatListener } from './heartbeat.listener';

describe('HeartbeatListener replay check', () => {
  it('accepts a node\'s heartbeats only with increasing issuedAt, so a replayed one renews nothing', () => {
    const listener = new HeartbeatListener({} as never, {} as never, {} as never);
    expect(listener.isNewer('n', 1000)).toBe(true);
    expect(listener.isNewer('n', 1000)).toBe(false);
    expect(listener.isNewer('n', 999)).toBe(false);
    expect(listener.isNewer('m', 999)).toBe(true);
    expect(listener.isNewer('n', 1001)).toBe(true);
  });
});
