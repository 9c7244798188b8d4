import type { PlannedFragment } from '@corex/events';
import type { BlobStore } from '@corex/eventstore';
import { encodeRoundDescriptor, type Member, type RoundDescriptor } from '@corex/secure-aggregation';
import type { FederatedJob } from './federated-job';
import { FEDERATED_OUTPUT, FRAGMENT_KIND_OF, stepOfPhase, type FederatedPhase } from './federated-steps';

/** A phase is light work for the node (a few key agreements, or localEpochs passes over its own rows). */
const PHASE_MEMORY_BYTES = 64 * 2 ** 20;

/** What a phase's fragments are made from: the round's members and, per member, its descriptor. */
export interface PhasePlan {
  phase: FederatedPhase;
  /** Members that get a fragment, in job order. */
  to: readonly string[];
  descriptor: (nodeId: string) => RoundDescriptor;
  /** Update: the global weights the members start from. */
  weightsHash?: string;
}

/**
 * One fragment per member, pinned to it, whose input blob is its round descriptor; update
 * fragments carry the global weights and the gradient graph. Index = the member's position in
 * the job, so a fragment id names the same member in every phase.
 */
export async function phaseFragments(blobs: BlobStore, job: FederatedJob, plan: PhasePlan): Promise<PlannedFragment[]> {
  const step = stepOfPhase(plan.phase);
  const kind = FRAGMENT_KIND_OF[plan.phase.phase];
  const index = new Map(job.members.map((m, i) => [m.nodeId, i]));
  return Promise.all(
    plan.to.map(async (nodeId) => {
      const inputHash = await blobs.put(encodeRoundDescriptor(plan.descriptor(nodeId)));
      const rows = plan.phase.phase === 'update' ? job.rows.get(nodeId)! : 1;
      const i = index.get(nodeId)!;
      return {
        fragmentId: `${job.jobId}-s${step}-f${i}`,
        index: i,
        rowRange: [0, rows] as [number, number],
        size: { rows, flops: rows * job.params.localEpochs * 6 * parameterCount(job), memoryBytes: PHASE_MEMORY_BYTES },
        task: { kind, graphHash: job.gradientHash, weightsHash: plan.weightsHash ?? null, inputHash, auxHash: null, outputs: [FEDERATED_OUTPUT], rows },
        pinnedNode: nodeId,
      };
    }),
  );
}

/** The fields every descriptor of the job carries. */
export function descriptorBase(job: FederatedJob, members: readonly Member[]) {
  return { protocol: 'corex-secagg-v1' as const, jobId: job.jobId, federation: job.federation, members: [...members], threshold: job.threshold };
}

/** The update descriptor's model fields. */
export function updateFields(job: FederatedJob) {
  const { inputs, hidden, classes, hiddenLayers } = job.shape;
  return {
    shape: { inputs, hidden: (hiddenLayers ?? 1) > 1 ? Array.from({ length: hiddenLayers! }, () => hidden) : hidden, classes },
    localEpochs: job.params.localEpochs,
    learningRate: job.learningRate,
    clipNorm: job.params.clipNorm,
    standardization: { mean: [...job.standardization.mean], std: [...job.standardization.std].map((s) => s || 1) },
  };
}

function parameterCount(job: FederatedJob): number {
  const { inputs, hidden, classes, hiddenLayers } = job.shape;
  const layers = hiddenLayers ?? 1;
  return inputs * hidden + hidden + (layers - 1) * (hidden * hidden + hidden) + hidden * classes + classes;
}

/** Words of a member's masked vector: parameters, then the row count. */
export function vectorLength(job: FederatedJob): number {
  return parameterCount(job) + 1;
}
