import {
  ChallengeJudged,
  FragmentAssigned,
  FragmentCompleted,
  FragmentVerified,
  FraudDetected,
  NodeBenchmarked,
  StakeChanged,
  type NewEvent,
} from '@corex/events';
import { decideReputation } from '../decide-reputation';
import { applyPublished } from '../evolve-published';
import { applyInput, newReputationBook, type ReputationInput } from '../reputation-book';
import { DEFAULT_SUSPEND_MS, type ReputationSettings } from '../rules';

export const NODE = 'U' + 'A'.repeat(55);
export const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const HASH = 'a'.repeat(64);
const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * The reputation service without NATS: inputs go through applyInput + decideReputation, and what
 * it decides is "appended" (folded back with the next sequence), as the app does.
 */
export function reputationHarness(settings: ReputationSettings = { minIntervalMs: 0, suspendMs: DEFAULT_SUSPEND_MS }) {
  const book = newReputationBook();
  let seq = 0;
  let clock = T0;
  const run = (input: ReputationInput): NewEvent[] => {
    const touched = applyInput(book, input);
    if (!touched) return [];
    const events = decideReputation(book.nodes.get(touched.nodeId)!, input.at, touched.reason, settings);
    for (const e of events) applyPublished(book, ++seq, e.type, e.data);
    return events;
  };
  const event = (type: string, data: unknown, at = (clock += 1_000)): NewEvent[] => run({ kind: 'event', type, data, at });
  return {
    book,
    node: () => book.nodes.get(NODE)!,
    at: () => clock,
    advance: (ms: number) => (clock += ms),
    run,
    benchmarked: (gflops: number, cpuCores = 8) =>
      event(NodeBenchmarked.type, {
        nodeId: NODE,
        benchmark: { kind: 'matmul-f32', size: 256, iterations: 4, durationMs: 100, gflops, executionProvider: 'cpu' },
        hardware: { cpuModel: 'x', cpuCores, memoryBytes: 8e9, gpus: [], executionProviders: ['cpu'], os: 'linux', arch: 'x64' },
        reportHash: HASH,
        signature: 'sig',
        benchmarkedAt: iso(clock),
      }),
    judged: (outcome: string, claimedGflops: number, measuredGflops: number | null) =>
      event(ChallengeJudged.type, {
        challengeId: `c-${clock}`,
        nodeId: NODE,
        outcome,
        claimedGflops,
        measuredGflops,
        elapsedMs: 100,
        checkedColumns: 8,
        maxRelativeError: 0,
        judgedAt: iso(clock),
      }),
    /** `n` fragments assigned, completed within a second and verified; returns everything decided. */
    verifiedWork: (n: number) => {
      const out: NewEvent[] = [];
      for (let i = 0; i < n; i++) {
        const leaseId = `l-${clock}-${i}`;
        const fragmentId = `f-${clock}-${i}`;
        out.push(...event(FragmentAssigned.type, { fragmentId, jobId: 'j', nodeId: NODE, leaseId, attempt: 1, score: {}, assignedAt: iso(clock), leaseExpiresAt: iso(clock + 60_000) }));
        out.push(...event(FragmentCompleted.type, { fragmentId, jobId: 'j', nodeId: NODE, leaseId, resultHash: HASH, durationMs: 500, rowsProcessed: 1, metrics: {}, signature: 's', completedAt: iso(clock + 500) }));
        out.push(...event(FragmentVerified.type, { fragmentId, jobId: 'j', nodeId: NODE, leaseId, resultHash: HASH, method: 'replica', sampled: false, checks: [], cost: { flops: 0, ms: 0 }, verifiedAt: iso(clock) }));
      }
      return out;
    },
    fraud: (id: string, kind = 'wrong-output') =>
      event(FraudDetected.type, {
        fraudId: id,
        nodeId: NODE,
        kind,
        evidence: { check: 'x', expected: '1', got: '2', hashes: {}, detail: '' },
        evidenceHash: '0x' + HASH,
        detectedAt: iso(clock),
      }),
    staked: (activeCxt: number, boostBps: number, verifier: boolean) =>
      event(StakeChanged.type, {
        nodeId: NODE,
        nodeKey: '0x' + HASH,
        cause: 'staked',
        staker: '0x' + '1'.repeat(40),
        active: (BigInt(activeCxt) * 10n ** 18n).toString(),
        pending: '0',
        boostBps,
        verifier,
        block: 1,
        txHash: '0x' + HASH,
      }),
  };
}

/** The `to` of the last TierChanged among events, or undefined. */
export function lastTier(events: NewEvent[]): string | undefined {
  return (events.filter((e) => e.type === 'corex.reputation.tier-changed.v1').at(-1)?.data as { to?: string } | undefined)?.to;
}

export function types(events: NewEvent[]): string[] {
  return events.map((e) => e.type.replace(/^corex\.reputation\./, '').replace(/\.v1$/, ''));
}
