import { NodePool } from './node-pool';

const input = (nodeId: string) => ({ nodeId, memoryBytes: 1e9, gpus: 0, gflops: 10 });

describe('NodePool', () => {
  it('reports nodes silent past the timeout once, and again only after they spoke and fell silent', () => {
    const pool = new NodePool();
    pool.upsert(input('a'), 0);
    pool.upsert(input('b'), 0);
    pool.touch('b', 20_000);
    expect(pool.lostNodes(30_000, 25_000).map((n) => n.profile.nodeId)).toEqual(['a']);
    expect(pool.lostNodes(31_000, 25_000)).toEqual([]);
    expect(pool.liveCount).toBe(1);
    pool.touch('a', 40_000);
    expect(pool.liveCount).toBe(2);
    expect(pool.lostNodes(70_000, 25_000).map((n) => n.profile.nodeId).sort()).toEqual(['a', 'b']);
  });

  it('does not let a late, older heartbeat make a node look older', () => {
    const pool = new NodePool();
    pool.upsert(input('a'), 10_000);
    pool.touch('a', 5_000);
    expect(pool.get('a')!.lastHeartbeatAt).toBe(10_000);
  });

  it('updates a known node in place', () => {
    const pool = new NodePool();
    pool.upsert(input('a'), 0);
    pool.upsert({ ...input('a'), memoryBytes: 2e9 }, 1);
    expect(pool.size).toBe(1);
    expect(pool.get('a')!.profile.memoryBytes).toBe(2e9);
  });

  it('refuses a heartbeat from an unknown node', () => {
    expect(() => new NodePool().touch('ghost', 0)).toThrow(expect.objectContaining({ code: 'SCHEDULER.NODE_UNKNOWN' }));
  });
});
