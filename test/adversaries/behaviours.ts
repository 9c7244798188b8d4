import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Assignment } from '@corex/node-protocol';
import { canonicalJson } from '@corex/platform';
import { byzantineBehaviour, byzantineKinds } from './byzantine';
import { commitAndReveal, sendReveal, type RevealOutcome } from './reveal';
import { perturbed, withHash, randomLike, type ComputedResult, type TaskCompute } from './task-compute';
import type { WireClient } from './wire-client';

export const adversaryKinds = ['lazy', 'copier', 'fake-benchmark', 'replayer', 'duplicate', 'honest', ...byzantineKinds] as const;
export type AdversaryKind = (typeof adversaryKinds)[number];

/** What a behaviour needs: the wire, real compute, where leaked results appear (copier) and a line printer. */
export interface BehaviourContext {
  wire: WireClient;
  compute: TaskCompute;
  leakDir?: string;
  report(event: string, fields?: Record<string, unknown>): void;
}

/** Handles one assignment the adversary's way. */
export type Behaviour = (assignment: Assignment, ctx: BehaviourContext) => Promise<void>;

const honest: Behaviour = async (a, ctx) => {
  const result = await ctx.compute.run(a.task, a.sealing);
  reportReveal(ctx, a, 'honest', await commitAndReveal(ctx.wire, ctx.compute, a, { result }));
};

/** Random values of the right shape, committed and revealed correctly: only checking the values catches it. */
const lazy: Behaviour = async (a, ctx) => {
  const real = await ctx.compute.run(a.task, a.sealing);
  const result = { ...real, ...withHash(randomLike(real.bytes)) };
  reportReveal(ctx, a, 'lazy', await commitAndReveal(ctx.wire, ctx.compute, a, { result }));
};

/**
 * A copier that can see other nodes' results: it commits to a placeholder (it has nothing yet),
 * waits until another member of its replica group has revealed (the harness writes revealed
 * result blobs to `leakDir/<fragmentId>`), and reveals that node's result as its own.
 */
const copier: Behaviour = async (a, ctx) => {
  const placeholder = randomBytes(32).toString('hex');
  const nothing = { bytes: new Uint8Array(), resultHash: placeholder, rowsProcessed: a.task.rows, metrics: {}, durationMs: 5 };
  const outcome = await commitAndReveal(ctx.wire, ctx.compute, a, {
    result: nothing,
    beforeReveal: async () => {
      const copied = await waitForLeak(ctx, a.fragmentId);
      if (!copied) await ctx.wire.release(a.fragmentId, a.leaseId, 'error', 'RUNNER.NOTHING_TO_COPY: no group member revealed');
      return copied && { ...withHash(copied.bytes), rowsProcessed: a.task.rows, metrics: {}, durationMs: 5 };
    },
  });
  reportReveal(ctx, a, 'copier', outcome);
};

async function waitForLeak(ctx: BehaviourContext, fragmentId: string, timeoutMs = 60_000): Promise<{ bytes: Uint8Array; from: string } | null> {
  if (!ctx.leakDir) return null;
  const group = fragmentId.replace(/-r\d+$/, '');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const names = await readdir(ctx.leakDir).catch(() => [] as string[]);
    const member = names.find((n) => n !== fragmentId && (n === group || new RegExp(`^${escape(group)}-r\\d+$`).test(n)));
    if (member) return { bytes: await readFile(path.join(ctx.leakDir, member)), from: member };
    await sleep(200);
  }
  return null;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Results it computed, by task (sha256 of the task's canonical JSON), kept to replay under later leases. */
const computed = new Map<string, ComputedResult & { fragmentId: string; leaseId: string; jobId: string }>();
const taskKey = (a: Assignment) => createHash('sha256').update(canonicalJson(a.task)).digest('hex');

/**
 * Honest until it holds an old result of the same row count: one of an earlier job (accepted by
 * now), for another task. Then it replays that (hash and blob) under the new lease, with a correct
 * commitment.
 */
const replayer: Behaviour = async (a, ctx) => {
  const key = taskKey(a);
  const old = [...computed.entries()].find(([k, r]) => k !== key && r.jobId !== a.jobId && r.rowsProcessed === a.task.rows)?.[1];
  if (!old) {
    const result = await ctx.compute.run(a.task, a.sealing);
    computed.set(key, { ...result, fragmentId: a.fragmentId, leaseId: a.leaseId, jobId: a.jobId });
    return reportReveal(ctx, a, 'honest', await commitAndReveal(ctx.wire, ctx.compute, a, { result }));
  }
  const outcome = await commitAndReveal(ctx.wire, ctx.compute, a, { result: old });
  reportReveal(ctx, a, 'replayer', outcome, { replayedFrom: old.fragmentId, replayedLease: old.leaseId });
};

/** Honest reveal, then a second, different signed result for the same lease, then a result under a lease it never held. */
const duplicate: Behaviour = async (a, ctx) => {
  const result = await ctx.compute.run(a.task, a.sealing);
  const first = await commitAndReveal(ctx.wire, ctx.compute, a, { result });
  reportReveal(ctx, a, 'honest', first);
  if (!first.reveal?.ok) return;
  const other = { ...result, ...withHash(perturbed(result.bytes)) };
  await ctx.compute.upload(other.bytes);
  const second = await sendReveal(ctx.wire, a, other, first.salt);
  ctx.report('cheated', { kind: 'duplicate-result', fragmentId: a.fragmentId, leaseId: a.leaseId, resultHash: other.resultHash, reply: second });
  const neverHeld = { ...a, leaseId: randomUUID() };
  const unleased = await sendReveal(ctx.wire, neverHeld, other, first.salt);
  ctx.report('cheated', { kind: 'unleased-result', fragmentId: a.fragmentId, leaseId: neverHeld.leaseId, resultHash: other.resultHash, reply: unleased });
};

function reportReveal(ctx: BehaviourContext, a: Assignment, kind: string, outcome: RevealOutcome, extra: Record<string, unknown> = {}): void {
  const fields = { kind, fragmentId: a.fragmentId, leaseId: a.leaseId, resultHash: outcome.resultHash, commit: outcome.commit, reveal: outcome.reveal, ...extra };
  ctx.report(kind === 'honest' ? 'submitted' : 'cheated', fields);
}

/** The behaviour of each kind; a fake benchmark computes honestly (its lie is the claim at registration). */
export const behaviours: Record<AdversaryKind, Behaviour> = {
  lazy,
  copier,
  replayer,
  duplicate,
  'fake-benchmark': honest,
  honest,
  'byzantine-sign-flip': byzantineBehaviour('byzantine-sign-flip'),
  'byzantine-scale': byzantineBehaviour('byzantine-scale'),
  'byzantine-alie': byzantineBehaviour('byzantine-alie'),
};
