import {
  FragmentCompleted,
  JobFragmentsAbandoned,
  JobFragmentsPlanned,
  JobStepCompleted,
  subjects,
  type FragmentCompletedData,
  type JobFragmentsAbandonedData,
  type JobFragmentsPlannedData,
  type JobStepCompletedData,
} from '@corex/events';
import type { EventLog } from '@corex/eventstore';
import { decodeFederatedResult, type Member, type SetupOutput, type UpdateOutput } from '@corex/secure-aggregation';
import type { FederatedJob } from './federated-job';
import { phaseOfStep, stepOfPhase } from './federated-steps';

/** What a running federated job carries from phase to phase. */
export interface Progress {
  /** Members still taking part, with their masking keys once set up. */
  active: Member[];
  setups: SetupOutput[];
  updates: UpdateOutput[];
  /** The current round's members (those the update phase was planned for). */
  roundMembers: Member[];
  weightsHash: string;
  parentLoss: number | null;
  dropped: string[];
}

/**
 * Rebuilds a job's progress from the log after the scheduler restarted or took over mid-job: the
 * current round's setup outputs and updates are read back from the results their fragments
 * completed with, the weights and the parent loss from the last JobStepCompleted.
 */
export async function recoverProgress(log: EventLog, job: FederatedJob, step: number): Promise<Progress> {
  const events = (await log.store.read(subjects.job(job.jobId))).events.map((e) => e.event);
  const planned = new Map(events.filter((e) => e.type === JobFragmentsPlanned.type).map((e) => [(e.data as JobFragmentsPlannedData).step, e.data as JobFragmentsPlannedData]));
  const abandoned = new Set(events.filter((e) => e.type === JobFragmentsAbandoned.type).flatMap((e) => (e.data as JobFragmentsAbandonedData).fragments.map((f) => f.fragmentId)));
  const rounds = events.filter((e) => e.type === JobStepCompleted.type).map((e) => e.data as JobStepCompletedData);
  const accepted = rounds.filter((r) => r.accepted !== false).at(-1);
  const { phase, round } = phaseOfStep(step);
  const setupStep = planned.get(stepOfPhase({ phase: 'setup', round }));
  // During a setup phase the round's members are those it was planned for; its outputs are read when it closes.
  const setups = phase === 'setup' ? [] : (await results(log, setupStep, abandoned)).filter((r): r is SetupOutput => r.phase === 'setup');
  const keys = new Map(setups.map((s) => [s.nodeId, s.maskingKey]));
  const updateStep = planned.get(stepOfPhase({ phase: 'update', round }));
  const inRound = new Set(((phase === 'setup' ? setupStep : updateStep)?.fragments ?? []).map((f) => f.pinnedNode!));
  const withKeys = (m: Member) => (phase === 'setup' ? { nodeId: m.nodeId, encryptionKey: m.encryptionKey } : { ...m, maskingKey: keys.get(m.nodeId)! });
  const roundMembers = job.members.filter((m) => inRound.has(m.nodeId) && (phase === 'setup' || keys.has(m.nodeId))).map(withKeys);
  const updates = phase === 'unmask' ? (await results(log, updateStep, abandoned)).filter((r): r is UpdateOutput => r.phase === 'update') : [];
  return {
    active: roundMembers,
    setups,
    updates,
    roundMembers,
    weightsHash: rounds.at(-1)?.weightsHash ?? job.initialWeightsHash,
    parentLoss: accepted?.validationLoss ?? null,
    dropped: job.members.map((m) => m.nodeId).filter((id) => !inRound.has(id)),
  };
}

/** The decoded results the step's fragments completed with (the last completion of each; abandoned ones left out). */
async function results(log: EventLog, planned: JobFragmentsPlannedData | undefined, abandoned: ReadonlySet<string>) {
  const blobs = await log.blobs();
  const out = [];
  for (const f of planned?.fragments ?? []) {
    if (abandoned.has(f.fragmentId)) continue;
    const done = (await log.store.read(subjects.fragment(f.fragmentId))).events.filter((e) => e.event.type === FragmentCompleted.type).at(-1);
    const bytes = done && (await blobs.get((done.event.data as FragmentCompletedData).resultHash));
    if (bytes) out.push(decodeFederatedResult(bytes));
  }
  return out;
}
