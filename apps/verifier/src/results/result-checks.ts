import { weightFeedsOf, type TaskBlobReader, type TensorMap } from '@corex/compute';
import type { FragmentCompletedData } from '@corex/events';
import {
  decideVerdict,
  normAgainstPeers,
  type CheckRun,
  type Decision,
  type VerificationPlan,
} from '@corex/verification-domain';
import { lossDecreaseCheck, readOutputs, recompute, recomputeSampledRows, type CheckOutcome } from './check-runner';
import type { PlannedWork } from './verification-state';

/** What judging one result needs besides the result. */
export interface JudgeContext {
  blobs: TaskBlobReader;
  work: PlannedWork;
  escalations: number;
  /** Gradient norms of the other results of the same job step. */
  peerNorms: number[];
  replayOf?: { leaseId: string; fragmentId: string };
  now: () => string;
}

/** The decision on one result and the gradient norm it measured (for its peers). */
export interface Judged {
  decision: Decision;
  gradientNorm?: number;
}

/**
 * Runs the planned checks on one result (recompute, sampled rows, the gradient cheap checks) and
 * decides; a failed cheap check is followed by a full recompute. Any error while checking
 * (a blob missing, NATS, onnxruntime) is an infrastructure error: escalated, never fraud.
 */
export async function judgeResult(result: FragmentCompletedData, plan: Extract<VerificationPlan, { kind: 'check' }>, ctx: JudgeContext): Promise<Judged> {
  const { task } = ctx.work;
  const outcomes: CheckOutcome[] = [];
  let method = plan.method;
  let infraError: string | undefined;
  try {
    const got = await readOutputs(ctx.blobs, result.resultHash);
    if (!got) throw new Error(`result blob ${result.resultHash} is not in the blob store`);
    if (plan.method === 'recompute') outcomes.push(await recompute(task, ctx.blobs, got));
    if (plan.method === 'sampled-rows') outcomes.push(await recomputeSampledRows(task, ctx.blobs, result.leaseId, got));
    if (plan.gradientChecks) outcomes.push(...(await gradientCheap(result, ctx, got)));
    const first = decide(result, method, plan.sampled, outcomes, ctx);
    if (first.kind !== 'recompute') return { decision: first, gradientNorm: normOf(outcomes) };
    method = 'recompute';
    outcomes.push(await recompute(task, ctx.blobs, got));
  } catch (err) {
    infraError = (err as Error).message ?? String(err);
  }
  return { decision: decide(result, method, plan.sampled, outcomes, ctx, infraError), gradientNorm: normOf(outcomes) };
}

async function gradientCheap(result: FragmentCompletedData, ctx: JudgeContext, got: TensorMap): Promise<CheckOutcome[]> {
  const { task } = ctx.work;
  const weightsBytes = task.weightsHash ? await ctx.blobs.get(task.weightsHash) : null;
  if (!weightsBytes) throw new Error(`weights blob ${task.weightsHash} is not in the blob store`);
  const loss = await lossDecreaseCheck(task, ctx.blobs, result.leaseId, got, weightFeedsOf(weightsBytes));
  const normCheck: CheckRun = normAgainstPeers(loss.gradientNorm ?? NaN, ctx.peerNorms);
  return [loss, { checks: [normCheck], share: 0, ms: 0 }];
}

function decide(
  result: FragmentCompletedData,
  method: 'cheap-checks' | 'sampled-rows' | 'recompute',
  sampled: boolean,
  outcomes: CheckOutcome[],
  ctx: JudgeContext,
  infraError?: string,
): Decision {
  const reference = outcomes.find((o) => o.referenceHash)?.referenceHash;
  const hashes: Record<string, string> = {
    task: ctx.work.taskKey,
    result: result.resultHash,
    ...(reference ? { recompute: reference } : {}),
    ...(result.commitment ? { commitment: result.commitment } : {}),
    signature: result.signature.slice(0, 200),
  };
  return decideVerdict({
    result,
    taskKind: ctx.work.task.kind,
    method,
    sampled,
    checks: outcomes.flatMap((o) => o.checks),
    escalations: ctx.escalations,
    cost: costOf(ctx.work, outcomes),
    hashes,
    infraError,
    replayOf: ctx.replayOf,
    now: ctx.now(),
  });
}

/** Recomputed FLOPs (the plan's fragment FLOPs times the share the verifier ran) and wall time. */
export function costOf(work: PlannedWork, outcomes: CheckOutcome[]): { flops: number; ms: number } {
  return {
    flops: Math.round(work.flops * outcomes.reduce((s, o) => s + o.share, 0)),
    ms: Math.round(outcomes.reduce((s, o) => s + o.ms, 0)),
  };
}

function normOf(outcomes: CheckOutcome[]): number | undefined {
  return outcomes.find((o) => o.gradientNorm !== undefined)?.gradientNorm;
}
