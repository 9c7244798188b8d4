/**
 * The verifier's checks on one result, as apps/verifier's `judgeResult` runs them (the same check
 * runner: recompute, sampled rows, loss along −g; the same deciders: `normAgainstPeers`,
 * `decideVerdict`; a failed cheap check is followed by a full recompute), but keeping what each
 * check cost so the bench can add it up: recomputed FLOPs = the fragment's planned FLOPs × the
 * share of it the verifier ran (1 for a recompute, rows/fragment rows for sampled rows, two
 * forwards of 64 rows for the loss check).
 */
import { decodeTensorMap, weightFeedsOf, type TensorMap } from '@corex/compute';
import { decideVerdict, normAgainstPeers, type CheckRun, type Decision, type VerificationPlan } from '@corex/verification-domain';
import { lossDecreaseCheck, recompute, recomputeSampledRows, type CheckOutcome } from '../../apps/verifier/src/results/check-runner';
import type { MemoryBlobs, Work } from './workload';

export type CheckPlan = Extract<VerificationPlan, { kind: 'check' }>;

/** A result under judgement: who sent which hash under which lease. */
export interface Judged {
  fragmentId: string;
  jobId: string;
  nodeId: string;
  leaseId: string;
  resultHash: string;
}

export interface CheckCost {
  /** FLOPs of full or sampled recomputation. */
  recompute: number;
  /** FLOPs of the gradient cheap checks (two forwards on a row sample). */
  cheap: number;
}

export interface CheckResult {
  decision: Decision;
  cost: CheckCost;
  gradientNorm?: number;
}

export interface CheckContext {
  blobs: MemoryBlobs;
  escalations: number;
  peerNorms: number[];
  replayOf?: { leaseId: string; fragmentId: string };
  now: string;
}

/** Runs `plan` on one result and decides. */
export async function checkResult(work: Work, r: Judged, plan: CheckPlan, ctx: CheckContext): Promise<CheckResult> {
  const { task } = work;
  const outcomes: CheckOutcome[] = [];
  const cost: CheckCost = { recompute: 0, cheap: 0 };
  const got: TensorMap = decodeTensorMap((await ctx.blobs.get(r.resultHash))!);
  let method: CheckPlan['method'] = plan.method;
  let gradientNorm: number | undefined;
  const run = async (outcome: Promise<CheckOutcome>, kind: keyof CheckCost) => {
    const o = await outcome;
    cost[kind] += work.flops * o.share;
    outcomes.push(o);
    return o;
  };
  if (plan.method === 'recompute') await run(recompute(task, ctx.blobs, got), 'recompute');
  if (plan.method === 'sampled-rows') await run(recomputeSampledRows(task, ctx.blobs, r.leaseId, got), 'recompute');
  if (plan.gradientChecks) {
    const weights = weightFeedsOf((await ctx.blobs.get(task.weightsHash!))!);
    const loss = await run(lossDecreaseCheck(task, ctx.blobs, r.leaseId, got, weights), 'cheap');
    gradientNorm = loss.gradientNorm;
    outcomes.push({ checks: [normAgainstPeers(gradientNorm ?? NaN, ctx.peerNorms)], share: 0, ms: 0 });
  }
  const decide = () => decideVerdict({
    result: r,
    taskKind: task.kind,
    method,
    sampled: plan.sampled,
    checks: outcomes.flatMap((o): CheckRun[] => o.checks),
    escalations: ctx.escalations,
    cost: { flops: Math.round(cost.recompute + cost.cheap), ms: 0 },
    hashes: { task: work.taskKey, result: r.resultHash },
    replayOf: ctx.replayOf,
    now: ctx.now,
  });
  let decision = decide();
  if (decision.kind === 'recompute') {
    method = 'recompute';
    await run(recompute(task, ctx.blobs, got), 'recompute');
    decision = decide();
  }
  return { decision, cost, gradientNorm };
}
