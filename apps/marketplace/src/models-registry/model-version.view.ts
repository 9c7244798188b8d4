import type { FragmentOutcome } from '../projections/fragment-verifications.projection';
import { toStepView } from '../jobs/list-steps/step-view';
import type { ModelVersionView, VersionAnchorView } from './model-registry.view.schema';
import { anchorOf, type AnchorRecord, type VersionRow } from './model-versions.queries';

export type AggregationUse = 'used' | 'excluded' | 'trimmed' | 'clipped';

/** What the step's rule did with a fragment's update: its rejection reason, else used. */
export function aggregationOf(row: Pick<VersionRow, 'rejected'>, fragmentId: string): AggregationUse {
  return row.rejected?.find((r) => r.fragmentId === fragmentId)?.reason ?? 'used';
}

export function toAnchorView(a: AnchorRecord | undefined): VersionAnchorView | null {
  return a ? { epoch: a.epoch, txHash: a.txHash, fragmentsRoot: a.fragmentsRoot ?? null, accuracyBps: a.accuracyBps } : null;
}

/** The links of version `n` of a model, path-encoded. */
export function versionLinks(jobId: string, n: number): ModelVersionView['links'] {
  const base = `/v1/models/${encodeURIComponent(jobId)}/versions/${n}`;
  return { weights: `${base}/weights`, lineage: `${base}/lineage` };
}

/** Participants grouped by node, without the updates the rule excluded. */
function contributorsOf(row: VersionRow, verdicts: ReadonlyMap<string, FragmentOutcome>): ModelVersionView['contributors'] {
  const byNode = new Map<string, ModelVersionView['contributors'][number]>();
  for (const p of row.participants ?? []) {
    const aggregation = aggregationOf(row, p.fragmentId);
    if (aggregation === 'excluded') continue;
    const node = byNode.get(p.nodeId) ?? { nodeId: p.nodeId, fragments: [] };
    node.fragments.push({ fragmentId: p.fragmentId, rows: p.rows, aggregation, verification: verdicts.get(p.fragmentId) ?? null });
    byNode.set(p.nodeId, node);
  }
  return [...byNode.values()];
}

/** A version as the registry shows it: the step's record, who contributed, and its on-chain record. */
export function toModelVersion(
  jobId: string,
  row: VersionRow,
  anchors: readonly AnchorRecord[],
  verdicts: ReadonlyMap<string, FragmentOutcome>,
): ModelVersionView {
  const step = toStepView(row);
  const version = row.step + 1;
  return {
    modelId: jobId,
    version,
    step: row.step,
    weightsHash: step.weightsHash,
    parentWeightsHash: step.parentWeightsHash ?? null,
    parentVersion: row.parent_version ?? null,
    loss: step.loss,
    ...(step.accuracy !== undefined && { accuracy: step.accuracy }),
    ...(step.rmse !== undefined && { rmse: step.rmse }),
    ...(step.r2 !== undefined && { r2: step.r2 }),
    ...(step.validationLoss !== undefined && { validationLoss: step.validationLoss }),
    ...(step.rule && { rule: step.rule }),
    ...(step.optimizer && { optimizer: step.optimizer }),
    ...(step.federated && { federated: step.federated }),
    contributors: contributorsOf(row, verdicts),
    rejected: row.rejected?.length ?? 0,
    stragglers: row.stragglers?.length ?? 0,
    anchor: toAnchorView(anchorOf(anchors, row)),
    createdAt: step.completedAt,
    links: versionLinks(jobId, version),
  };
}
