/**
 * One run of the workload on the population under one verification policy: the scheduler's side
 * (assignment, `needsReplica` -> a replica on another node, redo after fraud or rejection with the
 * node excluded, no work while suspended or challenged), the nodes' submissions, and the verifier
 * (copy and violation deciders, replica agreement, `planVerification`, the checks, escalation to
 * a replica, recheck after fraud) with the reputation service evolving trust in between.
 */
import { SeededRandom } from '@corex/compute';
import type { FraudDetectedData, VerificationPolicy } from '@corex/events';
import { isTrusted, needsReplica, nextChallengeDelayMs, spotCheckProbability } from '@corex/verification-domain';
import { runChallenge } from './challenges';
import { submit, type NodeMemory, type SimNode, type Submission } from './population';
import { Reputations } from './reputation';
import { Verifier, type Member } from './verifier-sim';
import type { Work, Workload } from './workload';

/** Simulated time per round (each free node takes one fragment a round). */
const ROUND_MS = 10_000;
const CHALLENGE_INTERVAL_MS = 10 * 60_000;
const T0 = Date.parse('2026-11-30T00:00:00.000Z');

export interface CheaterOutcome {
  nodeId: string;
  kind: string;
  newcomer: boolean;
  /** Cheated submissions sent (a fake benchmark's lie is its claim: 0). */
  cheats: number;
  /** Cheated submissions sent when the first FraudDetected came (null: never caught). */
  caughtAtCheat: number | null;
  caughtBy: string | null;
}

export interface RunTotals {
  usefulFlops: number;
  replicaFlops: number;
  verifierFlops: number;
  cheapFlops: number;
  recheckFlops: number;
  /** Challenge FLOPs: the nodes' 2·size³ answers and the verifier's column checks. */
  challengeNodeFlops: number;
  challengeVerifierFlops: number;
  challenges: number;
  cheaters: CheaterOutcome[];
  /** Honest nodes with any FraudDetected: wrongly flagged. */
  honestFlagged: Set<string>;
  honestEscalated: number;
  honestRejected: number;
  redone: number;
  rounds: number;
  fragments: number;
  /** Spot-check probability of each trusted honest node at the end of the run. */
  trustedSpotCheck: number[];
}

interface Queued {
  work: Work;
  excluded: Set<string>;
  attempt: number;
}

export async function runNetwork(policy: VerificationPolicy | undefined, nodes: SimNode[], load: Workload, seed: number): Promise<RunTotals> {
  const random = new SeededRandom(seed);
  const rep = new Reputations();
  const totals: RunTotals = {
    usefulFlops: load.works.reduce((s, w) => s + w.flops, 0), replicaFlops: 0, verifierFlops: 0, cheapFlops: 0, recheckFlops: 0,
    challengeNodeFlops: 0, challengeVerifierFlops: 0, challenges: 0, cheaters: [], honestFlagged: new Set(), honestEscalated: 0, honestRejected: 0,
    redone: 0, rounds: 0, fragments: load.works.length, trustedSpotCheck: [],
  };
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const memory = new Map<string, NodeMemory>(nodes.map((n) => [n.id, { sent: 0, byRows: new Map() }]));
  const cheats = new Map<string, number>();
  const caught = new Map<string, { at: number; by: string }>();
  let now = T0;
  const onFraud = (fraud: FraudDetectedData) => {
    rep.fraud(fraud, now);
    if (byId.get(fraud.nodeId)?.kind === 'honest') totals.honestFlagged.add(fraud.nodeId);
    if (!caught.has(fraud.nodeId)) caught.set(fraud.nodeId, { at: cheats.get(fraud.nodeId) ?? 0, by: fraud.kind });
  };
  const verifier = new Verifier({ policy, load, rep, totals, onFraud, nodeKind: (id) => byId.get(id)!.kind, now: () => new Date(now).toISOString() });

  const nextChallenge = new Map<string, number>();
  const challenge = async (node: SimNode, reason: 'join' | 'random') => {
    const run = await runChallenge({ id: node.id, claimedGflops: node.claimedGflops, trueGflops: node.trueGflops }, reason, `ch-${totals.challenges++}`, random, new Date(now).toISOString());
    totals.challengeNodeFlops += run.nodeFlops;
    totals.challengeVerifierFlops += run.verifierFlops;
    rep.challengeJudged(run.judgement.judged, now);
    if (run.judgement.fraud) onFraud(run.judgement.fraud);
    nextChallenge.set(node.id, now + nextChallengeDelayMs(rep.trustOf(node.id).reputation, CHALLENGE_INTERVAL_MS, () => random.next()));
  };
  for (const node of nodes) {
    rep.join(node.id, node.claimedGflops, now, node.priorVerified, node.priorVerified > 0);
    if (node.priorVerified === 0) await challenge(node, 'join');
    else nextChallenge.set(node.id, now + nextChallengeDelayMs(rep.trustOf(node.id).reputation, CHALLENGE_INTERVAL_MS, () => random.next()));
  }

  let queue: Queued[] = load.works.map((work) => ({ work, excluded: new Set(), attempt: 0 }));
  while (queue.length > 0) {
    now += ROUND_MS;
    totals.rounds++;
    for (const node of random.permutation(nodes.length).map((i) => nodes[i]!)) {
      if (rep.barred(node.id, now)) continue;
      if (now >= nextChallenge.get(node.id)!) {
        await challenge(node, 'random');
        continue;
      }
      const at = queue.findIndex((q) => !q.excluded.has(node.id));
      if (at < 0) continue;
      const [item] = queue.splice(at, 1);
      const redo = await assign(item!, node);
      if (redo) {
        totals.redone++;
        queue = [redo, ...queue];
      }
    }
    if (totals.rounds > 10_000) throw new Error('the workload does not drain');
  }
  totals.cheaters = nodes.filter((n) => n.kind !== 'honest').map((n) => ({
    nodeId: n.id, kind: n.kind, newcomer: n.priorVerified === 0, cheats: cheats.get(n.id) ?? 0, caughtAtCheat: caught.get(n.id)?.at ?? null, caughtBy: caught.get(n.id)?.by ?? null,
  }));
  totals.trustedSpotCheck = nodes.filter((n) => n.kind === 'honest').map((n) => rep.trustOf(n.id)).filter(isTrusted).map((t) => spotCheckProbability(t, policy));
  return totals;

  /** Assigns a fragment (and its replica when the policy wants one), collects the submissions, verifies; the fragment to redo, if any. */
  async function assign(item: Queued, node: SimNode): Promise<Queued | null> {
    const { work } = item;
    const lease = (n: SimNode, suffix: string) => `${work.plan.fragmentId}-a${item.attempt}${suffix}-${n.id.slice(-4)}`;
    const members: Member[] = [{ node, fragmentId: work.plan.fragmentId, leaseId: lease(node, ''), replica: false, submission: { kind: 'release' } }];
    if (needsReplica(rep.trustOf(node.id), policy)) {
      const other = pickOther(new Set([...item.excluded, node.id]));
      if (other) {
        totals.replicaFlops += work.flops;
        members.push({ node: other, fragmentId: `${work.plan.fragmentId}-r1`, leaseId: lease(other, '-r1'), replica: true, submission: { kind: 'release' } });
      }
    }
    await submitAll(work, members);
    const original = await verifier.judgeGroup(work, members, (excluded) => pickOther(new Set([...excluded, ...item.excluded])), (m) => submitOne(work, m, null));
    if (original === 'verified') return null;
    return { work, excluded: new Set([...item.excluded, node.id]), attempt: item.attempt + 1 };
  }

  /** The copier reveals last: it needs a member's result to copy. */
  async function submitAll(work: Work, members: Member[]): Promise<void> {
    for (const m of [...members].sort((a, b) => Number(a.node.kind === 'copier') - Number(b.node.kind === 'copier'))) {
      const partner = members.find((o) => o !== m && o.submission.kind === 'result');
      await submitOne(work, m, partner && partner.submission.kind === 'result' ? partner.submission.hash : null);
    }
  }

  async function submitOne(work: Work, m: Member, partnerHash: string | null): Promise<Submission> {
    m.submission = await submit(m.node, memory.get(m.node.id)!, work, load, partnerHash, random);
    if ('cheated' in m.submission && m.submission.cheated) {
      cheats.set(m.node.id, (cheats.get(m.node.id) ?? 0) + 1);
    }
    return m.submission;
  }

  function pickOther(excluded: Set<string>): SimNode | null {
    const free = nodes.filter((n) => !excluded.has(n.id) && !rep.barred(n.id, now));
    return free.length > 0 ? free[random.int(free.length)]! : null;
  }
}
