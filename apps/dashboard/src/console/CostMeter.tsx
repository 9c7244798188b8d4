import type { Schemas } from '@corex/client';
import { formatCxt } from '../chart-data';
import { spentShare } from './job-figures';

/** Cost against budget (GET /v1/jobs/{id}/cost, wei): the numbers and a meter of the share spent. */
export function CostMeter({ cost }: { cost: Schemas['JobCost'] }) {
  const share = spentShare(cost);
  const words = `${formatCxt(cost.spent)} of ${formatCxt(cost.budget)}`;
  return (
    <span className="console-cost" data-spent-wei={cost.spent} data-budget-wei={cost.budget}>
      <meter min={0} max={1} low={0.8} high={0.95} optimum={0} value={Math.min(share, 1)} aria-label={`${words} spent`} />
      <span>
        <span data-testid="cost-words">{words}</span> ({cost.rewardedFragments} fragments rewarded)
      </span>
    </span>
  );
}
