import type { JobStepCompletedData } from '@corex/events';
import type { JobEntry } from '../runtime/job-book';
import type { TrainingStepParams } from '../planning/job-planner';
import type { CompletedPart } from './result-documents';
import type { StepOutcome } from './training-step';

/** The parts of a step in row order: the order of the updates handed to the aggregation rule, so a rerun aggregates alike. */
export function inRowOrder(parts: readonly CompletedPart[]): CompletedPart[] {
  return [...parts].sort((a, b) => a.rowRange[0] - b.rowRange[0]);
}

/**
 * What a JobStepCompleted records besides loss and metrics: the parent weights, the optimizer and
 * its state, the rule, who contributed (fragment, node of the completing lease, rows), what the
 * rule rejected, and the stragglers the step was closed without.
 */
export function stepProvenance(
  entry: JobEntry,
  parts: readonly CompletedPart[],
  outcome: StepOutcome,
  params: TrainingStepParams,
  optimizerStateHash: string | undefined,
): Omit<JobStepCompletedData, 'jobId' | 'step' | 'loss' | 'weightsHash' | 'completedAt'> {
  const participants = parts.map((p) => ({ fragmentId: p.fragmentId!, nodeId: p.nodeId!, rows: p.rowRange[1] - p.rowRange[0] }));
  const rejected = outcome.rejected.map((r) => ({ ...pick(participants[r.index]!), reason: r.reason, measure: r.measure }));
  const stragglers = [...(entry.abandoned ?? new Map()).entries()].map(([fragmentId, { nodeId }]) => ({ fragmentId, nodeId }));
  return {
    // Step 0 starts from fresh (seeded) weights: no model version before it.
    parentWeightsHash: entry.step === 0 ? null : entry.weightsHash,
    optimizer: params.optimizer,
    ...(optimizerStateHash ? { optimizerStateHash } : {}),
    rule: params.aggregation.rule,
    participants,
    rejected,
    stragglers,
    accepted: true,
  };
}

function pick({ fragmentId, nodeId }: { fragmentId: string; nodeId: string }) {
  return { fragmentId, nodeId };
}
