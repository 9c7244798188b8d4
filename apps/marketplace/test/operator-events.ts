import {
  EpochClaimed,
  EpochClosed,
  EpochSettled,
  FragmentAssigned,
  FragmentCompleted,
  FragmentLeaseEnded,
  FragmentRewarded,
  FragmentVerified,
  FraudDetected,
  NodeRegistered,
  PayoutBound,
  PayoutRouteChosen,
  ReputationChanged,
  RewardTransferDelivered,
  RewardTransferPublished,
  RewardTransferQueued,
  TierChanged,
  type NewEvent,
} from '@corex/events';

/* Events of one node's life as the services would append them, for the operator views' tests. */

const CXT = 10n ** 18n;
const T = (s: number) => new Date(Date.UTC(2026, 10, 30, 16, 0, s)).toISOString();
const hex = (c: string, n = 64) => c.repeat(n);
export const bytes32 = (c: string) => `0x${hex(c)}`;
export const PAYOUT = `0x${'7'.repeat(40)}`;
export const ROUTE_RECIPIENT = `0x${'9'.repeat(40)}`;
export const wei = (cxt: number) => (BigInt(cxt) * CXT).toString();
const hardware = { cpuModel: 'cpu', cpuCores: 2, memoryBytes: 1024, gpus: [], executionProviders: ['cpu'], os: 'linux', arch: 'x64' };

export const registered = (nodeId: string, name: string): NewEvent => ({ type: NodeRegistered.type, data: { nodeId, name, hardware, runnerVersion: '1', registeredAt: T(0) } });

const lease = (nodeId: string, n: number) => ({ fragmentId: `job-1-f${n}`, jobId: 'job-1', nodeId, leaseId: `lease-${nodeId.slice(0, 4)}-${n}` });

export const assigned = (nodeId: string, n: number): NewEvent => ({
  type: FragmentAssigned.type,
  data: { ...lease(nodeId, n), attempt: 1, score: { total: 1.5, tier: 1, reputation: 1.5 }, assignedAt: T(n), leaseExpiresAt: T(n + 30) },
});

export const completed = (nodeId: string, n: number): NewEvent => ({
  type: FragmentCompleted.type,
  data: { ...lease(nodeId, n), resultHash: hex(String(n)), durationMs: 5, rowsProcessed: 10, metrics: {}, signature: 'sig', completedAt: T(n + 1) },
});

export const verified = (nodeId: string, n: number): NewEvent => ({
  type: FragmentVerified.type,
  data: { ...lease(nodeId, n), resultHash: hex(String(n)), method: 'sampled-rows', sampled: true, checks: [{ check: 'sampled-rows', outcome: 'pass' }], cost: { flops: 10, ms: 1 }, verifiedAt: T(n + 2) },
});

export const fraud = (nodeId: string, n: number): NewEvent => ({
  type: FraudDetected.type,
  data: {
    ...lease(nodeId, n),
    fraudId: `fraud-wrong-output-${lease(nodeId, n).leaseId}`,
    kind: 'wrong-output',
    evidence: { check: 'sampled-rows', expected: '0.5', got: '9.5', hashes: { result: hex('e') }, detail: 'row 3 differs by 9' },
    evidenceHash: bytes32('f'),
    detectedAt: T(n + 2),
  },
});

export const expired = (nodeId: string, n: number): NewEvent => ({ type: FragmentLeaseEnded.type, data: { ...lease(nodeId, n), reason: 'expired', endedAt: T(n + 30) } });
export const cancelled = (nodeId: string, n: number): NewEvent => ({ type: FragmentLeaseEnded.type, data: { ...lease(nodeId, n), reason: 'cancelled', endedAt: T(n + 30) } });

export const rewarded = (nodeId: string, n: number, epoch: number, cxt: number): NewEvent => ({
  type: FragmentRewarded.type,
  data: {
    ...lease(nodeId, n), accountId: 'acct-1', resultHash: hex(String(n)), epoch, basePrice: wei(cxt), boostBps: 10_000, reputationBps: 10_000, amount: wei(cxt),
    budget: wei(100), fragmentRows: 10, jobRows: 100, steps: 1, completedAt: T(n + 1),
  },
});

export const payoutBound = (nodeId: string): NewEvent => ({ type: PayoutBound.type, data: { nodeId, nodeKey: bytes32('1'), payout: PAYOUT, proofHash: bytes32('2'), block: 3, txHash: bytes32('3') } });

export const routeChosen = (nodeId: string): NewEvent => ({
  type: PayoutRouteChosen.type,
  data: { nodeId, targetChain: { name: 'arbitrum', wormholeChainId: 23 }, recipient: ROUTE_RECIPIENT, messageHash: hex('a'), signature: 'sig', chosenAt: T(0) },
});

/** Epoch 1 closed, one claim paying `paid` CXT to the node, settled. */
export function epochSettled(nodeId: string, paid: number): NewEvent[] {
  const common = { epoch: 1, rewardRoot: bytes32('4'), pocRoot: bytes32('5'), totalCumulative: wei(paid), leaves: 1 };
  return [
    { type: EpochClosed.type, data: { ...common, records: 1, batchSize: 100, payouts: [{ nodeId, payout: PAYOUT }], models: [], epochLength: 5, closedAt: T(40) } },
    { type: EpochClaimed.type, data: { epoch: 1, batch: 0, txHash: bytes32('6'), payments: [{ nodeId, payout: PAYOUT, amount: wei(paid), cumulative: wei(paid) }] } },
    { type: EpochSettled.type, data: { ...common, txHashes: { postRoot: bytes32('7'), anchor: bytes32('8'), models: [], claims: [bytes32('6')] }, settledAt: T(41) } },
  ];
}

export function bridged(nodeId: string, cxt: number): NewEvent[] {
  const transfer = { transferId: bytes32('b'), nodeId, targetChain: { name: 'arbitrum', wormholeChainId: 23 }, recipient: ROUTE_RECIPIENT, amount: wei(cxt), epoch: 1 };
  return [
    { type: RewardTransferQueued.type, data: { ...transfer, queuedAt: T(42) } },
    { type: RewardTransferPublished.type, data: { ...transfer, txHash: bytes32('c'), sequence: '7', publishedAt: T(43) } },
    { type: RewardTransferDelivered.type, data: { ...transfer, txHash: bytes32('d'), deliveredAt: T(44) } },
  ];
}

export const reputation = (nodeId: string, score: number, s: number): NewEvent => ({
  type: ReputationChanged.type,
  data: { nodeId, score, previous: null, components: { performance: 1, uptime: 1, latency: 1, load: 1, history: score, violations: 1 }, indicators: {}, reason: 'verified work', changedAt: T(s) },
});

export const tier = (nodeId: string, to: string, s: number): NewEvent => ({ type: TierChanged.type, data: { nodeId, from: null, to, reason: 'score', changedAt: T(s) } });
