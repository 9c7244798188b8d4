import type { Job, Schemas } from '@corex/client';

type Outcome = Schemas['JobFragment']['verification']['outcome'];
const OUTCOMES: readonly Outcome[] = ['verified', 'fraud', 'rejected', 'escalated', 'pending'];

/** CXT decimal string (as budgets are written) in wei, without floating point; null if it is no amount. */
export function cxtToWei(cxt: string): bigint | null {
  const match = /^(\d+)(?:\.(\d{1,18}))?$/.exec(cxt.trim());
  if (!match) return null;
  return BigInt(match[1]!) * 10n ** 18n + BigInt((match[2] ?? '').padEnd(18, '0'));
}

/** The share of the budget spent (0..1, more when overspent), exact on wei amounts beyond float precision. */
export function spentShare(cost: Pick<Schemas['JobCost'], 'spent' | 'budget'>): number {
  const budget = BigInt(cost.budget);
  if (budget === 0n) return 0;
  return Number((BigInt(cost.spent) * 1_000_000n) / budget) / 1_000_000;
}

/** Fragments counted by their latest verdict, every outcome present (0 when none). */
export function verdictCounts(fragments: readonly Pick<Schemas['JobFragment'], 'verification'>[]): Record<Outcome, number> {
  const counts = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  for (const f of fragments) counts[f.verification.outcome] += 1;
  return counts;
}

/** Whether anything shown still waits for its epoch to be anchored on-chain (so the page reads again). */
export function awaitingAnchors(proofs: readonly Pick<Schemas['FragmentProof'], 'anchored'>[], versions: readonly Pick<Schemas['ModelVersion'], 'anchor'>[]): boolean {
  return proofs.some((p) => !p.anchored) || versions.some((v) => !v.anchor?.txHash);
}

/** What changes in a followed job view that means its records (cost, fragments, proofs, versions) moved. */
export function recordsKey(job: { status: string; progress: { step: number; fragments: { completed: number; failed: number } } }): string {
  return `${job.status}:${job.progress.step}:${job.progress.fragments.completed}:${job.progress.fragments.failed}`;
}

/** 64-hex hashes shortened for tables; the whole hash stays in the title and the copy. */
export function shortHash(hash: string): string {
  return hash.length > 16 ? `${hash.slice(0, 8)}…${hash.slice(-6)}` : hash;
}

/**
 * Training jobs progress by steps completed, the others by fragments. `progress.step` is the step
 * being planned (0-based), so a finished two-step job reads 1 there: the count of completed steps is
 * the latest completed step's index + 1.
 */
export function progressOf(job: Pick<Job, 'type' | 'progress' | 'latestStep'>): { done: number; total: number; unit: string } {
  if (job.type === 'training' && job.progress.totalSteps > 0) return { done: job.latestStep ? job.latestStep.step + 1 : 0, total: job.progress.totalSteps, unit: 'steps' };
  return { done: job.progress.fragments.completed, total: job.progress.fragments.planned, unit: 'fragments' };
}
