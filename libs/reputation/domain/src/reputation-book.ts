import {
  ChallengeJudged,
  FragmentAssigned,
  FragmentCompleted,
  FragmentLeaseEnded,
  FragmentRejected,
  FragmentVerified,
  FraudDetected,
  JobCancelled,
  JobCompleted,
  JobFailed,
  JobFragmentsPlanned,
  NodeBenchmarked,
  NodeLeft,
  NodeRegistered,
  NodeSlashed,
  ReplicaPlanned,
  StakeChanged,
  type ChallengeJudgedData,
  type FragmentAssignedData,
  type FragmentCompletedData,
  type FragmentLeaseEndedData,
  type FraudDetectedData,
  type JobFragmentsPlannedData,
  type NodeBenchmarkedData,
  type StakeChangedData,
} from '@corex/events';
import { capacitySlotsOf, effectiveGflops, ema, latencySample, loadSample } from './components';
import { newNodeReputation, type NodeFacts, type NodeReputation } from './node-reputation';
import { CONFIRMED_CREDIT_FACTOR, LATENCY_EMA_ALPHA, LOAD_EMA_ALPHA, UPTIME_EMA_ALPHA } from './rules';

/** An input of the reputation service: an event of the log, or a closed heartbeat window (not in the log). */
export type ReputationInput =
  | { kind: 'event'; type: string; data: unknown; /** The envelope's time, ms. */ at: number }
  | { kind: 'uptime'; nodeId: string; /** Share of the window's slots with a valid heartbeat. */ coverage: number; windowStart: number; at: number };

/** Which node an input moved, and why (the ReputationChanged reason). */
export interface Touched {
  nodeId: string;
  reason: string;
}

interface Lease {
  nodeId: string;
  fragmentId: string;
  assignedAt: number;
}

/** Every node's facts and published state, plus the fragment sizes and open leases latency and load need. */
export interface ReputationBook {
  nodes: Map<string, NodeReputation>;
  leases: Map<string, Lease>;
  fragmentFlops: Map<string, number>;
  jobFragments: Map<string, string[]>;
}

export function newReputationBook(): ReputationBook {
  return { nodes: new Map(), leases: new Map(), fragmentFlops: new Map(), jobFragments: new Map() };
}

export function nodeOf(book: ReputationBook, nodeId: string): NodeReputation {
  let node = book.nodes.get(nodeId);
  if (!node) book.nodes.set(nodeId, (node = newNodeReputation(nodeId)));
  return node;
}

/** Folds one input into the book (in place) and names the node it concerns, if any. */
export function applyInput(book: ReputationBook, input: ReputationInput): Touched | null {
  if (input.kind === 'uptime') return applyUptime(book, input);
  const handler = handlers[input.type];
  return handler ? handler(book, input.data as never, input.at) : null;
}

function applyUptime(book: ReputationBook, input: Extract<ReputationInput, { kind: 'uptime' }>): Touched | null {
  const node = book.nodes.get(input.nodeId);
  if (!node) return null;
  const f = node.facts;
  // A node that joined during the window, or left, is not judged on it.
  if (!f.present || f.joinedAt === null || f.joinedAt > input.windowStart) return { nodeId: f.nodeId, reason: 'uptime' };
  f.uptime = ema(f.uptime, Math.min(1, Math.max(0, input.coverage)), UPTIME_EMA_ALPHA);
  return { nodeId: f.nodeId, reason: 'uptime' };
}

type Handler = (book: ReputationBook, data: never, at: number) => Touched | null;

const handlers: Record<string, Handler> = {
  [NodeRegistered.type]: (book, d: { nodeId: string; hardware: { cpuCores: number } }) => {
    const f = nodeOf(book, d.nodeId).facts;
    f.capacitySlots = capacitySlotsOf(d.hardware.cpuCores);
    if (f.joinedAt !== null) f.present = true;
    return null;
  },
  [NodeBenchmarked.type]: (book, d: NodeBenchmarkedData, at) => {
    const f = nodeOf(book, d.nodeId).facts;
    // A new claim is unconfirmed again (the verifier challenges every benchmark).
    if (f.claimedGflops !== d.benchmark.gflops) f.confirmedGflops = null;
    f.claimedGflops = d.benchmark.gflops;
    f.capacitySlots = capacitySlotsOf(d.hardware.cpuCores);
    f.present = true;
    f.joinedAt ??= Date.parse(d.benchmarkedAt) || at;
    return { nodeId: d.nodeId, reason: 'benchmarked' };
  },
  [NodeLeft.type]: (book, d: { nodeId: string }) => {
    nodeOf(book, d.nodeId).facts.present = false;
    return null;
  },
  [ChallengeJudged.type]: (book, d: ChallengeJudgedData) => {
    const f = nodeOf(book, d.nodeId).facts;
    if (d.outcome === 'expired') return null;
    // A challenge's size is capped, so a fast machine answers within the allowance whatever it
    // claimed: a confirmation credits at most CONFIRMED_CREDIT_FACTOR times the measured speed.
    if (d.outcome === 'confirmed') f.confirmedGflops = Math.min(d.claimedGflops, CONFIRMED_CREDIT_FACTOR * (d.measuredGflops ?? d.claimedGflops));
    else if (d.outcome === 'wrong') f.confirmedGflops = null;
    else f.confirmedGflops = d.measuredGflops ?? 0;
    return { nodeId: d.nodeId, reason: `challenge-${d.outcome}` };
  },
  [JobFragmentsPlanned.type]: (book, d: JobFragmentsPlannedData) => {
    const ids = book.jobFragments.get(d.jobId) ?? [];
    for (const p of d.fragments) {
      book.fragmentFlops.set(p.fragmentId, p.size.flops);
      ids.push(p.fragmentId);
    }
    book.jobFragments.set(d.jobId, ids);
    return null;
  },
  [ReplicaPlanned.type]: (book, d: { fragmentId: string; jobId: string; size: { flops: number } }) => {
    book.fragmentFlops.set(d.fragmentId, d.size.flops);
    book.jobFragments.set(d.jobId, [...(book.jobFragments.get(d.jobId) ?? []), d.fragmentId]);
    return null;
  },
  [JobCompleted.type]: forgetJob,
  [JobFailed.type]: forgetJob,
  [JobCancelled.type]: forgetJob,
  [FragmentAssigned.type]: (book, d: FragmentAssignedData, at) => {
    book.leases.set(d.leaseId, { nodeId: d.nodeId, fragmentId: d.fragmentId, assignedAt: Date.parse(d.assignedAt) || at });
    const f = nodeOf(book, d.nodeId).facts;
    f.leasesHeld++;
    sampleLoad(f);
    return { nodeId: d.nodeId, reason: 'load' };
  },
  [FragmentCompleted.type]: (book, d: FragmentCompletedData, at) => {
    const lease = endLease(book, d.leaseId);
    if (!lease) return null;
    const f = nodeOf(book, lease.nodeId).facts;
    const roundTrip = Math.max(0, (Date.parse(d.completedAt) || at) - lease.assignedAt);
    const flops = book.fragmentFlops.get(lease.fragmentId) ?? null;
    f.latency = ema(f.latency, latencySample(roundTrip, flops, effectiveGflops(f)), LATENCY_EMA_ALPHA);
    f.latencyMs = Math.round(f.latencyMs === null ? roundTrip : ema(f.latencyMs, roundTrip, LATENCY_EMA_ALPHA));
    return { nodeId: lease.nodeId, reason: 'latency' };
  },
  [FragmentLeaseEnded.type]: (book, d: FragmentLeaseEndedData) => {
    const lease = endLease(book, d.leaseId);
    if (!lease) return null;
    const f = nodeOf(book, lease.nodeId).facts;
    if (d.reason === 'expired' || d.reason === 'node-lost') f.latency = ema(f.latency, 0, LATENCY_EMA_ALPHA);
    if (d.reason === 'expired' || d.reason === 'node-lost' || d.reason === 'failed') {
      f.failed++;
      return { nodeId: lease.nodeId, reason: `lease-${d.reason}` };
    }
    return { nodeId: lease.nodeId, reason: 'load' };
  },
  [FragmentVerified.type]: (book, d: { nodeId: string }) => {
    nodeOf(book, d.nodeId).facts.verified++;
    return { nodeId: d.nodeId, reason: 'fragment-verified' };
  },
  [FragmentRejected.type]: (book, d: { nodeId: string }) => {
    nodeOf(book, d.nodeId).facts.rejected++;
    return null;
  },
  [FraudDetected.type]: (book, d: FraudDetectedData, at) => {
    const f = nodeOf(book, d.nodeId).facts;
    if (f.frauds.some((x) => x.fraudId === d.fraudId)) return null;
    f.frauds.push({ fraudId: d.fraudId, kind: d.kind, at: Date.parse(d.detectedAt) || at });
    return { nodeId: d.nodeId, reason: `fraud-${d.kind}` };
  },
  [StakeChanged.type]: (book, d: StakeChangedData) => {
    if (!d.nodeId) return null;
    const f = nodeOf(book, d.nodeId).facts;
    f.activeStakeCxt = Number(BigInt(d.active) / 10n ** 12n) / 1e6;
    f.atMinStake = d.boostBps > 10_000;
    f.verifierStake = d.verifier;
    return { nodeId: d.nodeId, reason: 'stake' };
  },
  [NodeSlashed.type]: (book, d: { nodeId?: string }) => {
    if (!d.nodeId) return null;
    nodeOf(book, d.nodeId).facts.slashes++;
    return null;
  },
};

function forgetJob(book: ReputationBook, d: { jobId: string }): null {
  for (const id of book.jobFragments.get(d.jobId) ?? []) book.fragmentFlops.delete(id);
  book.jobFragments.delete(d.jobId);
  return null;
}

function endLease(book: ReputationBook, leaseId: string): Lease | null {
  const lease = book.leases.get(leaseId);
  if (!lease) return null;
  book.leases.delete(leaseId);
  const f = nodeOf(book, lease.nodeId).facts;
  f.leasesHeld = Math.max(0, f.leasesHeld - 1);
  sampleLoad(f);
  return lease;
}

function sampleLoad(f: NodeFacts): void {
  f.utilisation = f.leasesHeld / Math.max(1, f.capacitySlots);
  f.load = ema(f.load, loadSample(f.leasesHeld, f.capacitySlots), LOAD_EMA_ALPHA);
}
