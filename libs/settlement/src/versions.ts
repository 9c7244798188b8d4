import type { JobCompletedData, JobStepCompletedData } from '@corex/events';
import type { ModelRecord, SettlementState, VersionContributor } from './state';
import { fragmentsRootOf, type ComputeRecord } from './trees';

/** Held-out accuracy in basis points; for a regressor its R² (0 when negative). */
export function accuracyBpsOf(m: { accuracy?: number; r2?: number }): number {
  const quality = m.accuracy ?? Math.max(0, m.r2 ?? 0);
  return Math.min(10_000, Math.round(quality * 10_000));
}

/**
 * An accepted step of a training job (federated rounds included) is a model version: its parent is
 * the event's parentWeightsHash or, for events older than that field, the previous step's weights;
 * its contributors are the event's participants or, when it names none, the step's planned fragments.
 * A refused step (accepted false: its weights are the parent's) is no version.
 */
export function applyStepCompleted(state: SettlementState, d: JobStepCompletedData): void {
  const job = state.jobs.get(d.jobId);
  if (!job || job.type !== 'training') return;
  const parent = d.parentWeightsHash !== undefined ? d.parentWeightsHash : (job.lastWeightsHash ?? null);
  job.lastWeightsHash = d.weightsHash;
  if (d.accepted === false) return;
  const contributors: VersionContributor[] = d.participants
    ? d.participants.map((p) => ({ fragmentId: p.fragmentId, nodeId: p.nodeId }))
    : (job.stepFragments.get(d.step) ?? []).map((fragmentId) => ({ fragmentId, nodeId: null }));
  addVersion(
    state,
    { jobId: d.jobId, weightsHash: d.weightsHash, accuracyBps: accuracyBpsOf(d), parentWeightsHash: parent === d.weightsHash ? null : parent, step: d.step },
    contributors,
  );
}

/**
 * A completed training job whose final weights were never a step version (logs older than per-step
 * versions) still records them: as the last planned step, parent unknown (zero), contributors the
 * fragments of that step.
 */
export function applyJobCompleted(state: SettlementState, d: JobCompletedData): void {
  const job = state.jobs.get(d.jobId);
  const weightsHash = d.result.weightsHash;
  if (!job || job.type !== 'training' || !weightsHash) return;
  const step = Math.max(0, job.steps - 1);
  const contributors = (job.stepFragments.get(step) ?? []).map((fragmentId) => ({ fragmentId, nodeId: null }));
  addVersion(state, { jobId: d.jobId, weightsHash, accuracyBps: accuracyBpsOf(d.result), parentWeightsHash: null, step }, contributors);
}

function addVersion(state: SettlementState, record: Omit<ModelRecord, 'fragmentsRoot'>, contributors: VersionContributor[]): void {
  // ProofRegistry records a weights hash once: the first version with these weights keeps them.
  if (state.versions.has(record.weightsHash)) return;
  state.versions.add(record.weightsHash);
  state.models.set(record.weightsHash, { record, contributors });
}

/** The rewarded Proof-of-Compute records of a version's contributors (same fragment, and same node when named). */
export function contributorRecords(state: SettlementState, contributors: VersionContributor[]): ComputeRecord[] {
  const out: ComputeRecord[] = [];
  for (const c of contributors) {
    const r = state.rewards.get(c.fragmentId);
    if (!r || (c.nodeId !== null && r.nodeId !== c.nodeId)) continue;
    out.push({ jobId: r.jobId, fragmentId: r.fragmentId, nodeId: r.nodeId, leaseId: r.leaseId, resultHash: r.resultHash });
  }
  return out;
}

/** The pending versions the next close records (at most `limit`), each with its fragments root built from the records rewarded so far. */
export function versionsToRecord(state: SettlementState, limit: number): ModelRecord[] {
  return [...state.models.values()].slice(0, limit).map((v) => ({ ...v.record, fragmentsRoot: fragmentsRootOf(contributorRecords(state, v.contributors)) }));
}
