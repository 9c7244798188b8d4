import type { FragmentPlan } from '../planning/plan-fragments';

/** True when the fragment is pinned to another node: this one may never take it. */
export function pinnedElsewhere(plan: Pick<FragmentPlan, 'pinnedNode'>, nodeId: string): boolean {
  return plan.pinnedNode !== undefined && plan.pinnedNode !== nodeId;
}
