import {
  ChallengeIssued,
  ChallengeJudged,
  NodeBenchmarked,
  NodeEvicted,
  NodeLeft,
  ReputationChanged,
  type ChallengeIssuedData,
  type StoredEvent,
} from '@corex/events';
import type { ChallengeClock } from '@corex/verification-domain';

/** What the verifier knows of a node for challenging it. */
export interface ChallengedNode {
  claimedGflops: number;
  reputation: number | null;
  /** Left or evicted since its last benchmark: not challenged. */
  gone: boolean;
  /** When its next random challenge is due (verifier clock, ms); null until drawn. */
  nextRandomAtMs: number | null;
  /** Its last challenges that expired without a start, in a row: random ones come more rarely. */
  missedInARow: number;
  /** Its latest benchmark has had no challenge yet (it joined while the verifier was down or catching up). */
  unchallenged: boolean;
}

/** An issued challenge not judged yet. */
export interface OpenChallenge extends ChallengeClock {
  issued: ChallengeIssuedData;
  /** Stream sequence of the challenge subject's last event. */
  version: number;
}

/**
 * The challenges' state, rebuilt from the log at every start: nodes' claims and reputation, and
 * the open challenges. Start times live only here: an open challenge found in the log at start-up
 * starts over (its issue clock is the time the verifier learned of it; a start request before
 * the restart is forgotten), see docs/node-protocol.md. `apply` is idempotent.
 */
export class ChallengeBook {
  readonly nodes = new Map<string, ChallengedNode>();
  readonly open = new Map<string, OpenChallenge>();
  private readonly judged = new Set<string>();

  constructor(private readonly nowMs: () => number) {}

  apply({ seq, event }: StoredEvent): void {
    switch (event.type) {
      case NodeBenchmarked.type: {
        const d = event.data as { nodeId: string; benchmark: { gflops: number } };
        const node = this.nodes.get(d.nodeId);
        this.nodes.set(d.nodeId, { claimedGflops: d.benchmark.gflops, reputation: node?.reputation ?? null, gone: false, nextRandomAtMs: node?.nextRandomAtMs ?? null, missedInARow: 0, unchallenged: true });
        return;
      }
      case NodeLeft.type:
      case NodeEvicted.type: {
        const node = this.nodes.get((event.data as { nodeId: string }).nodeId);
        if (node) node.gone = true;
        return;
      }
      case ReputationChanged.type: {
        const d = event.data as { nodeId: string; score: number };
        const node = this.nodes.get(d.nodeId);
        if (node) node.reputation = d.score;
        return;
      }
      case ChallengeIssued.type: {
        const issued = event.data as ChallengeIssuedData;
        const challenged = this.nodes.get(issued.nodeId);
        if (challenged) challenged.unchallenged = false;
        if (this.judged.has(issued.challengeId) || this.open.has(issued.challengeId)) return;
        this.open.set(issued.challengeId, { issued, version: seq, issuedAtMs: this.nowMs(), startedAtMs: null, deadlineMs: issued.deadlineMs });
        return;
      }
      case ChallengeJudged.type: {
        const { challengeId, nodeId, outcome, elapsedMs } = event.data as { challengeId: string; nodeId: string; outcome: string; elapsedMs: number | null };
        if (this.judged.has(challengeId)) return;
        this.judged.add(challengeId);
        this.open.delete(challengeId);
        const node = this.nodes.get(nodeId);
        if (node) node.missedInARow = outcome === 'expired' && elapsedMs === null ? node.missedInARow + 1 : 0;
        return;
      }
    }
  }

  /** Opens a challenge being issued, before its append returns: a node that saw the event in the log may already start it. */
  opening(issued: ChallengeIssuedData): void {
    const node = this.nodes.get(issued.nodeId);
    if (node) node.unchallenged = false;
    this.open.set(issued.challengeId, { issued, version: 0, issuedAtMs: this.nowMs(), startedAtMs: null, deadlineMs: issued.deadlineMs });
  }

  /** Records an append to a challenge's subject (its new version). */
  touched(challengeId: string, version: number): void {
    const open = this.open.get(challengeId);
    if (open) open.version = version;
  }

  openFor(nodeId: string): OpenChallenge | undefined {
    for (const challenge of this.open.values()) if (challenge.issued.nodeId === nodeId) return challenge;
    return undefined;
  }

  isJudged(challengeId: string): boolean {
    return this.judged.has(challengeId);
  }
}
