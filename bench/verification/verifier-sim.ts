/**
 * The verifier of the bench, following apps/verifier's ResultJudge decision by decision, in
 * process and in order (no log, no queue): violations (copy, duplicate) through `decideViolation`;
 * an original and its replica through `decideReplicaAgreement` (disagreement: both recomputed);
 * a result alone through `planVerification` (replay suspects and replicas recomputed) and the
 * checks; an escalation through a replica on another node; after a fraud, the node's results
 * accepted without recompute are recomputed (recheck).
 */
import { createHash } from 'node:crypto';
import { decodeTensorMap } from '@corex/compute';
import { FragmentRejected, FragmentVerified, FraudDetected, VerificationEscalated, type FraudDetectedData, type ResultViolationData, type VerificationPolicy } from '@corex/events';
import { decideReplicaAgreement, decideVerdict, decideViolation, planVerification, type Decision, type VerdictEvent } from '@corex/verification-domain';
import { compareWith } from '../../apps/verifier/src/results/check-runner';
import type { NodeKind, SimNode, Submission } from './population';
import type { Reputations } from './reputation';
import type { RunTotals } from './network';
import { checkResult, type CheckPlan, type CheckResult, type Judged } from './verifier-checks';
import type { Work, Workload } from './workload';

/** A node's lease in a fragment group, and what it sent. */
export interface Member {
  node: SimNode;
  fragmentId: string;
  leaseId: string;
  replica: boolean;
  submission: Submission;
}

export interface VerifierOptions {
  policy: VerificationPolicy | undefined;
  load: Workload;
  rep: Reputations;
  totals: RunTotals;
  onFraud(fraud: FraudDetectedData): void;
  nodeKind(nodeId: string): NodeKind;
  now(): string;
}

type Kind = 'verified' | 'fraud' | 'rejected' | 'escalated';
const RECOMPUTE: CheckPlan = { kind: 'check', method: 'recompute', sampled: false, gradientChecks: false };
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

export class Verifier {
  private readonly verdicts = new Map<string, { kind: Kind; method?: string; work: Work; judged: Judged }>();
  private readonly accepted = new Map<string, { taskKey: string; leaseId: string; fragmentId: string }>();
  private readonly leasesOf = new Map<string, string[]>();
  private readonly norms = new Map<string, Map<string, number>>();
  private readonly rechecks: string[] = [];
  /** Picks a live node outside `excluded` for an escalation replica; sends its submission. */
  private pickOther: (excluded: Set<string>) => SimNode | null = () => null;
  private resubmit: (m: Member) => Promise<Submission> = async () => ({ kind: 'release' });

  constructor(private readonly o: VerifierOptions) {}

  /** Judges a fragment group; the verdict on the original's lease (null when it sent nothing). */
  async judgeGroup(work: Work, members: Member[], pickOther: (excluded: Set<string>) => SimNode | null, resubmit: (m: Member) => Promise<Submission>): Promise<Kind | null> {
    this.pickOther = pickOther;
    this.resubmit = resubmit;
    for (const m of members) if (m.submission.kind === 'copy') await this.copied(work, m, members);
    const results = members.filter((m) => m.submission.kind === 'result');
    if (results.length === 2) await this.pair(work, results[0]!, results[1]!, 0);
    else if (results.length === 1) await this.alone(work, results[0]!);
    for (const m of results) {
      const duplicate = m.submission.kind === 'result' ? m.submission.duplicateHash : undefined;
      if (duplicate) await this.apply(work, m, decideViolation(this.violation(work, m, 'duplicate-result', duplicate), [], this.o.now()));
    }
    while (this.rechecks.length > 0) await this.recheck(this.rechecks.shift()!);
    return this.verdicts.get(members[0]!.leaseId)?.kind ?? null;
  }

  /** A reveal that does not open its commitment and carries a group member's hash: ResultViolation reveal-mismatch, judged a copy. */
  private async copied(work: Work, m: Member, members: Member[]): Promise<void> {
    const source = members.find((o) => o !== m && o.submission.kind === 'result')!;
    const hash = source.submission.kind === 'result' ? source.submission.hash : '';
    const reveal = { nodeId: source.node.id, leaseId: source.leaseId, resultHash: hash };
    await this.apply(work, m, decideViolation(this.violation(work, m, 'reveal-mismatch', hash), [reveal], this.o.now()));
  }

  private violation(work: Work, m: Member, kind: ResultViolationData['kind'], resultHash: string): ResultViolationData {
    const { fragmentId, leaseId, node } = m;
    return { fragmentId, jobId: work.plan.jobId, nodeId: node.id, leaseId, kind, resultHash, messageHash: sha(`${leaseId}\n${resultHash}`), signature: 'c2ln', detail: kind, observedAt: this.o.now() };
  }

  private judged(work: Work, m: Member): Judged {
    const resultHash = m.submission.kind === 'result' ? m.submission.hash : '';
    return { fragmentId: m.fragmentId, jobId: work.plan.jobId, nodeId: m.node.id, leaseId: m.leaseId, resultHash };
  }

  private async alone(work: Work, m: Member): Promise<void> {
    const judged = this.judged(work, m);
    const earlier = this.accepted.get(judged.resultHash);
    const replayOf = earlier && earlier.taskKey !== work.taskKey ? { leaseId: earlier.leaseId, fragmentId: earlier.fragmentId } : undefined;
    const trust = this.o.rep.trustOf(m.node.id);
    const plan = planVerification({ leaseId: m.leaseId, taskKind: work.task.kind, policy: this.o.policy, trust, replicaPending: false, forceRecompute: !!replayOf || m.replica });
    if (plan.kind !== 'check') throw new Error('no replica is pending in the bench');
    const normsKey = `${work.plan.jobId}:${work.plan.step}`;
    const peers = this.norms.get(normsKey) ?? new Map<string, number>();
    this.norms.set(normsKey, peers);
    const res = await this.check(work, judged, plan, 0, [...peers.values()], replayOf);
    if (res.gradientNorm !== undefined) peers.set(m.leaseId, res.gradientNorm);
    await this.decided(work, m, res.decision);
  }

  /** An original and a replica: agreement verifies both; otherwise each is recomputed and judged. */
  private async pair(work: Work, a: Member, b: Member, escalations: number): Promise<void> {
    const [ja, jb] = [this.judged(work, a), this.judged(work, b)];
    let comparison = null;
    if (ja.resultHash !== jb.resultHash) {
      const read = async (h: string) => decodeTensorMap((await this.o.load.blobs.get(h))!);
      comparison = compareWith('replica', work.task, await read(ja.resultHash), await read(jb.resultHash));
    }
    const agreed = decideReplicaAgreement(ja, jb, comparison, { flops: 0, ms: 0 }, this.o.now());
    if (agreed) {
      await this.apply(work, a, agreed[0]!);
      return this.apply(work, b, agreed[1]!);
    }
    for (const [m, j] of [[a, ja], [b, jb]] as const) await this.decided(work, m, (await this.check(work, j, RECOMPUTE, escalations, [])).decision);
  }

  private async check(work: Work, judged: Judged, plan: CheckPlan, escalations: number, peerNorms: number[], replayOf?: { leaseId: string; fragmentId: string }): Promise<CheckResult> {
    const res = await checkResult(work, judged, plan, { blobs: this.o.load.blobs, escalations, peerNorms, replayOf, now: this.o.now() });
    this.o.totals.verifierFlops += res.cost.recompute;
    this.o.totals.cheapFlops += res.cost.cheap;
    return res;
  }

  private async decided(work: Work, m: Member, decision: Decision): Promise<void> {
    if (decision.kind !== 'event') throw new Error(`undecided: ${decision.reason}`);
    await this.apply(work, m, decision.event);
  }

  private async apply(work: Work, m: Member, event: VerdictEvent): Promise<void> {
    const { rep, totals } = this.o;
    const judged = this.judged(work, m);
    const at = Date.parse(this.o.now());
    const honest = this.o.nodeKind(m.node.id) === 'honest';
    if (event.type === FragmentVerified.type) {
      this.verdicts.set(m.leaseId, { kind: 'verified', method: (event.data as { method: string }).method, work, judged });
      this.leasesOf.set(m.node.id, [...(this.leasesOf.get(m.node.id) ?? []), m.leaseId]);
      if (!this.accepted.has(judged.resultHash)) this.accepted.set(judged.resultHash, { taskKey: work.taskKey, leaseId: m.leaseId, fragmentId: m.fragmentId });
      rep.verified(m.node.id, at);
    } else if (event.type === FraudDetected.type) {
      this.verdicts.set(m.leaseId, { kind: 'fraud', work, judged });
      this.o.onFraud(event.data as FraudDetectedData);
      this.rechecks.push(m.node.id);
    } else if (event.type === FragmentRejected.type) {
      this.verdicts.set(m.leaseId, { kind: 'rejected', work, judged });
      if (honest) totals.honestRejected++;
      rep.rejected(m.node.id, at);
    } else if (event.type === VerificationEscalated.type) {
      this.verdicts.set(m.leaseId, { kind: 'escalated', work, judged });
      if (honest) totals.honestEscalated++;
      await this.escalate(work, m);
    }
  }

  /** A replica on another node settles an escalation; none available (or none answering): rejected, never fraud. */
  private async escalate(work: Work, m: Member): Promise<void> {
    const other = this.pickOther(new Set([m.node.id]));
    if (other) {
      const replica: Member = { node: other, fragmentId: `${work.plan.fragmentId}-r2`, leaseId: `${m.leaseId}-e`, replica: true, submission: { kind: 'release' } };
      this.o.totals.replicaFlops += work.flops;
      if ((await this.resubmit(replica)).kind === 'result') return this.pair(work, m, replica, 1);
    }
    const judged = this.judged(work, m);
    const infraError = 'no replica settled the escalation';
    const decision = decideVerdict({ result: judged, taskKind: work.task.kind, method: 'replica', sampled: false, checks: [], escalations: 1, cost: { flops: 0, ms: 0 }, hashes: {}, infraError, now: this.o.now() });
    await this.decided(work, m, decision);
  }

  /** After a fraud: the node's results accepted without a recompute are recomputed; a failure is fraud too. */
  private async recheck(nodeId: string): Promise<void> {
    for (const lease of this.leasesOf.get(nodeId) ?? []) {
      const v = this.verdicts.get(lease)!;
      if (v.kind !== 'verified' || v.method === 'recompute') continue;
      const res = await checkResult(v.work, v.judged, RECOMPUTE, { blobs: this.o.load.blobs, escalations: 1, peerNorms: [], now: this.o.now() });
      this.o.totals.recheckFlops += res.cost.recompute;
      if (res.decision.kind === 'event' && res.decision.event.type === FraudDetected.type) {
        this.verdicts.set(lease, { ...v, kind: 'fraud' });
        this.o.onFraud(res.decision.event.data as FraudDetectedData);
        this.rechecks.push(nodeId);
      }
    }
  }
}
