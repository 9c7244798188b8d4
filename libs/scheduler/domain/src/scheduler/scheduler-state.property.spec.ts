import fc from 'fast-check';
import type { JobRequirements } from '@corex/events';
import type { Lease } from '../leases/lease';
import { GiB, MiB, node, plan, T0 } from '../testing/scheduler-fixtures';
import { SchedulerState } from './scheduler-state';

const TTL = 10_000;
const NODES = [
  node('edge', { memoryBytes: 1 * GiB, gflops: 2, capacitySlots: 2 }),
  node('desk', { memoryBytes: 16 * GiB, gflops: 20, capacitySlots: 3 }),
  node('gpu', { memoryBytes: 64 * GiB, gflops: 900, gpus: 1, capacitySlots: 4 }),
];
const REQUIREMENTS: JobRequirements[] = [{}, { gpu: true }, { minTier: 'standard' }, { minMemoryBytes: 8 * GiB }];

const op = fc.oneof(
  fc.record({ op: fc.constant('add' as const), priority: fc.constantFrom('low', 'normal', 'high' as const), count: fc.integer({ min: 1, max: 4 }), memoryBytes: fc.constantFrom(MiB, 512 * MiB, 4 * GiB), requirements: fc.constantFrom(...REQUIREMENTS) }),
  fc.record({ op: fc.constant('request' as const), node: fc.nat(NODES.length - 1), slots: fc.integer({ min: 1, max: 3 }), free: fc.constantFrom(1, 0.5, 0.1) }),
  fc.record({ op: fc.constant('complete' as const), pick: fc.nat(), claim: fc.constantFrom('own', 'stale', 'other-node' as const) }),
  fc.record({ op: fc.constant('release' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('tick' as const), ms: fc.integer({ min: 1, max: 15_000 }), sweep: fc.boolean() }),
  fc.record({ op: fc.constant('heartbeat' as const), node: fc.nat(NODES.length - 1) }),
  fc.record({ op: fc.constant('cancel' as const), job: fc.nat(10) }),
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

/** What the test knows from the scheduler's answers alone. */
class Model {
  readonly state = new SchedulerState({ leaseTtlMs: TTL, heartbeatTimeoutMs: 20_000 });
  readonly held = new Map<string, Lease>();
  readonly completions = new Map<string, number>();
  readonly jobOf = new Map<string, string>();
  readonly cancelled = new Set<string>();
  now = T0;
  jobs = 0;

  apply(o: Op): void {
    if (o.op === 'add') this.add(o.priority, o.count, o.memoryBytes, o.requirements);
    if (o.op === 'request') this.request(NODES[o.node]!.nodeId, o.slots, NODES[o.node]!.memoryBytes * o.free);
    if (o.op === 'complete') this.complete(o.pick, o.claim);
    if (o.op === 'release') this.release(o.pick);
    if (o.op === 'tick') this.tick(o.ms, o.sweep);
    if (o.op === 'heartbeat') this.heartbeat(NODES[o.node]!.nodeId);
    if (o.op === 'cancel') this.cancel(`job-${o.job}`);
    expect(this.state.stats().leased).toBe(this.held.size);
  }

  add(priority: 'low' | 'normal' | 'high', count: number, memoryBytes: number, requirements: JobRequirements): void {
    const jobId = `job-${this.jobs++}`;
    const plans = Array.from({ length: count }, (_, i) => plan(`${jobId}-f${i}`, { jobId, priority, memoryBytes, requirements }));
    plans.forEach((p) => this.jobOf.set(p.fragmentId, jobId));
    this.state.addFragments(plans);
  }

  request(nodeId: string, slots: number, freeMemoryBytes: number): void {
    for (const { fragment, lease } of this.state.requestWork({ nodeId, freeMemoryBytes, slots, now: this.now })) {
      expect(this.held.has(fragment.fragmentId)).toBe(false);
      expect(this.completions.has(fragment.fragmentId)).toBe(false);
      this.held.set(fragment.fragmentId, lease);
    }
  }

  complete(pick: number, claim: 'own' | 'stale' | 'other-node'): void {
    const lease = this.pick(pick);
    if (!lease) return;
    const nodeId = claim === 'other-node' ? `not-${lease.nodeId}` : lease.nodeId;
    const leaseId = claim === 'stale' ? `${lease.leaseId}-old` : lease.leaseId;
    const result = this.state.complete(lease.fragmentId, leaseId, nodeId, this.now);
    expect(result.ok).toBe(claim === 'own' && this.now < lease.expiresAt);
    if (!result.ok) return;
    this.held.delete(lease.fragmentId);
    this.completions.set(lease.fragmentId, (this.completions.get(lease.fragmentId) ?? 0) + 1);
  }

  release(pick: number): void {
    const lease = this.pick(pick);
    if (lease && this.state.release(lease.fragmentId, lease.leaseId, lease.nodeId, this.now).ok) this.held.delete(lease.fragmentId);
  }

  tick(ms: number, sweep = true): void {
    this.now += ms;
    if (!sweep) return;
    for (const { lease } of this.state.sweep(this.now).ended) {
      expect(this.held.get(lease.fragmentId)?.leaseId).toBe(lease.leaseId);
      this.held.delete(lease.fragmentId);
    }
  }

  heartbeat(nodeId: string): void {
    const mine = [...this.held.values()].filter((lease) => lease.nodeId === nodeId);
    const { renewed } = this.state.heartbeat(nodeId, this.now, mine.map((lease) => lease.leaseId));
    for (const lease of renewed) this.held.set(lease.fragmentId, lease);
  }

  cancel(jobId: string): void {
    const { revoked } = this.state.cancelJob(jobId);
    const open = [...this.held.values()].filter((lease) => this.jobOf.get(lease.fragmentId) === jobId);
    expect(revoked.map((l) => l.leaseId).sort()).toEqual(open.map((l) => l.leaseId).sort());
    open.forEach((lease) => this.held.delete(lease.fragmentId));
    this.cancelled.add(jobId);
  }

  /** Lets every open lease expire, then has a fresh node that qualifies for everything finish the rest. */
  finish(): void {
    this.tick(TTL);
    this.state.upsertNode(node('closer', { memoryBytes: 1024 * GiB, gpus: 1, gflops: 900, capacitySlots: 64 }), this.now);
    for (let batch = this.takeBatch(); batch.length > 0; batch = this.takeBatch()) {
      for (const { fragment, lease } of batch) {
        expect(this.state.complete(fragment.fragmentId, lease.leaseId, 'closer', this.now).ok).toBe(true);
        this.completions.set(fragment.fragmentId, (this.completions.get(fragment.fragmentId) ?? 0) + 1);
      }
    }
  }

  private takeBatch() {
    return this.state.requestWork({ nodeId: 'closer', freeMemoryBytes: 1024 * GiB, slots: 64, now: this.now });
  }

  private pick(index: number): Lease | undefined {
    const leases = [...this.held.values()];
    return leases[index % Math.max(1, leases.length)];
  }
}

describe('SchedulerState under random traffic', () => {
  it('never leases a fragment twice at once, and completes every fragment of a live job exactly once', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 120 }), (ops) => {
        const model = new Model();
        NODES.forEach((input) => model.state.upsertNode(input, T0));
        ops.forEach((o) => model.apply(o));
        model.finish();
        for (const [fragmentId, jobId] of model.jobOf) {
          const expected = model.cancelled.has(jobId) ? [0, 1] : [1];
          expect(expected).toContain(model.completions.get(fragmentId) ?? 0);
        }
        expect(model.state.stats()).toMatchObject({ queued: 0, leased: 0 });
      }),
      { numRuns: 300 },
    );
  });
});
