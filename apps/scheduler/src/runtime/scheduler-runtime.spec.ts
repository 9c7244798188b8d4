import { FragmentVerified, JobSubmitted, NodeBenchmarked, NodeLeft } from '@corex/events';
import { decideCompletion, decideWork } from '@corex/scheduler-domain';
import { AppendConflict, NotLeader } from './scheduler-runtime';
import { churn, churnRuntime } from './testing/job-churn';

const NODE = 'U' + 'A'.repeat(55);
const task = { kind: 'inference' as const, graphHash: 'a'.repeat(64), weightsHash: null, inputHash: 'a'.repeat(64), auxHash: null, outputs: ['probabilities'], rows: 64 };

/** A runtime with one queued fragment `j-s0-f0`, whose log's append does what `append` says. */
function withOneFragment(append: () => Promise<unknown>, verification: 'off' | 'required' = 'off') {
  const runtime = churnRuntime(verification);
  (runtime.log.store as { append: unknown }).append = append;
  const job = { jobId: 'j', accountId: 'a', type: 'inference', model: 'm', dataset: 'd', budget: '1', priority: 'normal', requirements: {}, params: {}, submittedAt: '' };
  runtime.apply({ seq: 1, event: { type: JobSubmitted.type, subject: 'job.j', data: job } as never }, false);
  runtime.applyPlanned({ jobId: 'j', step: 0, totalSteps: 1, totalRows: 64, plannedAt: '', fragments: [{ fragmentId: 'j-s0-f0', index: 0, rowRange: [0, 64], size: { rows: 64, flops: 1, memoryBytes: 1 }, task }] });
  const decide = () => decideWork(runtime.state, { nodeId: NODE, freeMemoryBytes: 2 ** 34, slots: 1, now: Date.now(), epoch: 1 })[0]!.event;
  return { runtime, decide };
}

describe('SchedulerRuntime: append, then change state', () => {
  it('leaves memory as it was when the append fails: same fragment, same attempt, nobody charged', async () => {
    const { runtime, decide } = withOneFragment(() => Promise.reject(new Error('NATS timeout')));
    const event = decide();
    await expect(runtime.recordFragment(event)).rejects.toThrow('NATS timeout');
    expect(runtime.state.fragment('j-s0-f0')).toMatchObject({ status: 'queued', attempts: 0, lease: undefined });
    expect(decide().data.leaseId).toBe(event.data.leaseId);
  });

  it('treats a duplicate append as a conflict, not a success', async () => {
    const { runtime, decide } = withOneFragment(async () => ({ version: 7, events: [], duplicate: true }));
    await expect(runtime.recordFragment(decide())).rejects.toBeInstanceOf(AppendConflict);
    expect(runtime.state.fragment('j-s0-f0')).toMatchObject({ status: 'queued', lease: undefined });
    expect(runtime.sizes().own).toBe(0);
  });

  it('refuses to append once it is no longer the leader', async () => {
    const { runtime, decide } = withOneFragment(async () => ({ version: 7, events: [], duplicate: false }));
    runtime.active = false;
    await expect(runtime.recordFragment(decide())).rejects.toBeInstanceOf(NotLeader);
  });
});


describe('SchedulerRuntime memory', () => {
  it('forgets finished jobs entirely: tasks, fragment versions, job entries and the matcher state', async () => {
    const runtime = churnRuntime();
    await churn(runtime, 300);
    expect(runtime.sizes()).toEqual({ jobs: 0, tasks: 0, fragmentVersions: 0, waiters: 0, own: 0 });
    expect(runtime.state.stats()).toMatchObject({ jobs: 0, queued: 0, leased: 0, completed: 0, nodes: 1 });
  });

  it('drops a long-poll waiter when it times out', async () => {
    const runtime = churnRuntime();
    await Promise.all(Array.from({ length: 50 }, () => runtime.waitForWork(1)));
    expect(runtime.waitingRequests).toBe(0);
  });
});

describe('SchedulerRuntime: own events the log stored although the append failed', () => {
  it('applies the copy the feed delivered when the append then fails (its ack was lost), exactly once', async () => {
    let release!: (err: Error) => void;
    const { runtime, decide } = withOneFragment(() => new Promise((_, reject) => (release = reject)));
    const event = decide();
    const recording = runtime.recordFragment(event);
    // The message was stored: the feed delivers it while the append still waits for its ack.
    expect(runtime.skipOwn(event.id, 9, 'fragment.j-s0-f0', () => ({ ...event, subject: 'fragment.j-s0-f0' }) as never)).toBe(true);
    expect(runtime.state.fragment('j-s0-f0')).toMatchObject({ status: 'queued' });
    release(new Error('no JetStream ack within 5000 ms'));
    await expect(recording).rejects.toThrow('no JetStream ack');
    expect(runtime.state.fragment('j-s0-f0')).toMatchObject({ status: 'leased', lease: { leaseId: event.data.leaseId } });
    expect(runtime.sizes().own).toBe(0);
  });

  it('leaves an event to the feed when the append failed before the feed saw it', async () => {
    const { runtime, decide } = withOneFragment(() => Promise.reject(new Error('no JetStream ack')));
    const event = decide();
    await expect(runtime.recordFragment(event)).rejects.toThrow();
    // Arriving later, it is not taken for this process's own, already applied event.
    expect(runtime.skipOwn(event.id, 9, 'fragment.j-s0-f0', () => event as never)).toBe(false);
  });

  it('applies a planned step once, however often it arrives', () => {
    const { runtime } = withOneFragment(async () => ({ version: 1, events: [], duplicate: false }));
    const again = { jobId: 'j', step: 0, totalSteps: 1, totalRows: 64, plannedAt: '', fragments: [{ fragmentId: 'j-s0-f0', index: 0, rowRange: [0, 64] as [number, number], size: { rows: 64, flops: 1, memoryBytes: 1 }, task }] };
    runtime.recordResult('j', 'j-s0-f0', 'b'.repeat(64), 'j-s0-f0-a1', 'node-a');
    runtime.applyPlanned(again);
    expect(runtime.jobs.get('j')!.stepFragments.get('j-s0-f0')!.resultHash).toBe('b'.repeat(64));
  });
});

describe("SchedulerRuntime: a verdict that overtakes this process's own result", () => {
  it("counts the result when its append is acknowledged after the verifier's FragmentVerified was delivered, and tells the job", async () => {
    let acknowledge!: (ack: unknown) => void;
    let appends = 0;
    const { runtime, decide } = withOneFragment(() => (appends++ === 0 ? Promise.resolve({ version: 2, events: [], duplicate: false }) : new Promise((resolve) => (acknowledge = resolve))), 'required');
    const assigned = decide();
    await runtime.recordFragment(assigned);
    const leaseId = assigned.data.leaseId as string;
    const changed: string[] = [];
    runtime.onJobChanged = (jobId) => changed.push(jobId);
    const completion = decideCompletion(runtime.state, { fragmentId: 'j-s0-f0', leaseId, nodeId: NODE, now: Date.now(), resultHash: 'b'.repeat(64), durationMs: 1, rowsProcessed: 64, metrics: {}, signature: 's' });
    const recording = runtime.recordFragment(completion);
    // The verifier judged the stored result and its verdict came in on the feed before the ack.
    const verdict = { fragmentId: 'j-s0-f0', jobId: 'j', nodeId: NODE, leaseId, resultHash: 'b'.repeat(64), method: 'recompute', sampled: true, checks: [], cost: { flops: 0, ms: 0 }, verifiedAt: '' };
    runtime.apply({ seq: 4, event: { type: FragmentVerified.type, subject: 'verification.j-s0-f0', data: verdict } as never }, true);
    expect(runtime.jobs.get('j')!.stepFragments.get('j-s0-f0')!.resultHash).toBeUndefined();
    changed.length = 0;
    acknowledge({ version: 3, events: [], duplicate: false });
    await recording;
    expect(runtime.jobs.get('j')!.stepFragments.get('j-s0-f0')).toMatchObject({ resultHash: 'b'.repeat(64), nodeId: NODE, unverified: undefined });
    expect(changed).toEqual(['j']);
  });
});

describe('SchedulerRuntime: a node another scheduler registered a moment ago', () => {
  const OTHER = 'U' + 'B'.repeat(55);
  const hardware = { cpuModel: 'c', cpuCores: 8, memoryBytes: 2 ** 34, gpus: [], executionProviders: ['cpu'], os: 'linux', arch: 'x64' };
  const benchmark = { kind: 'matmul-f32', size: 256, iterations: 1, durationMs: 1, gflops: 10, executionProvider: 'cpu' };
  const registration = { type: NodeBenchmarked.type, subject: `node.${OTHER}`, data: { nodeId: OTHER, hardware, benchmark } };

  /** A runtime whose log holds OTHER's last event at `lastEvent` (0: the key never joined). */
  function withLogEnd(lastEvent: number) {
    const runtime = churnRuntime();
    const lookups: string[] = [];
    (runtime.log.store as { version: unknown }).version = async (relative: string) => (lookups.push(relative), lastEvent);
    return { runtime, lookups };
  }

  /** The feed hands over the event at `seq`, as the event feed does: position first, then apply. */
  function deliver(runtime: ReturnType<typeof churnRuntime>, seq: number, event: object) {
    if (!runtime.skipOwn(undefined, seq, `node.${OTHER}`, () => event as never)) runtime.apply({ seq, event: event as never }, true);
  }

  it('waits for the feed to bring the registration, then knows the node', async () => {
    const { runtime, lookups } = withLogEnd(5);
    const known = runtime.knowsNode(OTHER, 60_000);
    await Promise.resolve();
    deliver(runtime, 4, { type: JobSubmitted.type, subject: 'job.x', data: { jobId: 'x', accountId: 'a', type: 'inference', model: 'm', dataset: 'd', budget: '1', priority: 'normal', requirements: {}, params: {}, submittedAt: '' } });
    deliver(runtime, 5, registration);
    await expect(known).resolves.toBe(true);
    expect(lookups).toEqual([`node.${OTHER}`]);
  });

  it('answers at once for a key that never joined, without waiting', async () => {
    const { runtime } = withLogEnd(0);
    await expect(runtime.knowsNode(OTHER, 60_000)).resolves.toBe(false);
  });

  it('answers at once for a node whose last event the feed already handed over (it left)', async () => {
    const { runtime } = withLogEnd(6);
    deliver(runtime, 5, registration);
    deliver(runtime, 6, { type: NodeLeft.type, subject: `node.${OTHER}`, data: { nodeId: OTHER, reason: 'shutdown', leftAt: '' } });
    expect(runtime.state.hasNode(OTHER)).toBe(false);
    await expect(runtime.knowsNode(OTHER, 60_000)).resolves.toBe(false);
  });

  it('gives up after the wait when the feed does not get there', async () => {
    const { runtime } = withLogEnd(9);
    await expect(runtime.knowsNode(OTHER, 20)).resolves.toBe(false);
  });

  it('asks the log nothing about a node it knows', async () => {
    const { runtime, lookups } = withLogEnd(5);
    deliver(runtime, 5, registration);
    await expect(runtime.knowsNode(OTHER)).resolves.toBe(true);
    expect(lookups).toEqual([]);
  });
});
