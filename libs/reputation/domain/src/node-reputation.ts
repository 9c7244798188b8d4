import type { Tier } from '@corex/events';

/** A fraud as the reputation service counts it. */
export interface FraudRecord {
  fraudId: string;
  kind: string;
  /** detectedAt, ms since epoch. */
  at: number;
}

/** What the log (and the heartbeats) tell about one node. */
export interface NodeFacts {
  nodeId: string;
  /** Benchmarked and not left since: heartbeat windows count. */
  present: boolean;
  /** First NodeBenchmarked, ms. */
  joinedAt: number | null;
  claimedGflops: number | null;
  /** GFLOP/s a challenge established (claimed when confirmed, measured when slow or overclaimed); null until then. */
  confirmedGflops: number | null;
  capacitySlots: number;
  leasesHeld: number;
  verified: number;
  failed: number;
  rejected: number;
  frauds: FraudRecord[];
  slashes: number;
  activeStakeCxt: number;
  /** Active stake reaches minStake (StakeChanged.boostBps above 1x). */
  atMinStake: boolean;
  /** Active stake reaches the verifier threshold. */
  verifierStake: boolean;
  uptime: number;
  latency: number;
  latencyMs: number | null;
  load: number;
  utilisation: number;
}

/** What this service last published about the node (folded from its own events). */
export interface Published {
  /** Stream sequence of the last event on `reputation.<node>` (0: none): the OCC version. */
  version: number;
  score: number | null;
  tier: Tier | null;
  changedAt: number | null;
  verified: number;
  suspendedUntil: number | null;
  evicted: boolean;
  /** Frauds already answered by a NodeSuspended or NodeEvicted. */
  handledFrauds: Set<string>;
  /** Tier ceiling after a fraud, until `capLiftsAtVerified` verified fragments. */
  tierCap: Tier | null;
  capLiftsAtVerified: number;
}

export interface NodeReputation {
  facts: NodeFacts;
  published: Published;
}

export function newNodeReputation(nodeId: string): NodeReputation {
  return {
    facts: {
      nodeId,
      present: false,
      joinedAt: null,
      claimedGflops: null,
      confirmedGflops: null,
      capacitySlots: 1,
      leasesHeld: 0,
      verified: 0,
      failed: 0,
      rejected: 0,
      frauds: [],
      slashes: 0,
      activeStakeCxt: 0,
      atMinStake: false,
      verifierStake: false,
      uptime: 1,
      latency: 1,
      latencyMs: null,
      load: 1,
      utilisation: 0,
    },
    published: {
      version: 0,
      score: null,
      tier: null,
      changedAt: null,
      verified: 0,
      suspendedUntil: null,
      evicted: false,
      handledFrauds: new Set(),
      tierCap: null,
      capLiftsAtVerified: 0,
    },
  };
}
