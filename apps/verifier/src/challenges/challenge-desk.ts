import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { challengeColumn, challengeMatrices, decodeColumnSums } from '@corex/compute';
import { ChallengeIssued, ChallengeJudged, FraudDetected, NodeBenchmarked, subjects, type ChallengeIssuedData, type ChallengeJudgedData, type FraudDetectedData, type NewEvent, type StoredEvent } from '@corex/events';
import type { EventStore } from '@corex/eventstore';
import { nodeErrorCodes, type ChallengeResultReply, type ChallengeStartReply } from '@corex/node-protocol';
import type { Logger } from '@corex/platform';
import {
  challengeDeadlineMs,
  challengeSize,
  expireChallenge,
  isChallengeExpired,
  judgeChallenge,
  nextChallengeDelayMs,
  pickCheckedColumns,
  type CheckedColumn,
} from '@corex/verification-domain';
import { ChallengeBook, type OpenChallenge } from './challenge-book';

export interface ChallengeDeskOptions {
  store: EventStore;
  logger: Logger;
  /** CHALLENGE_INTERVAL_MS: mean time between random challenges of a low-reputation node. */
  intervalMs: number;
  nowMs?: () => number;
  random?: () => number;
}

type Refusal = { ok: false; code: string; message: string };

/**
 * Issues benchmark challenges (on every live NodeBenchmarked, and at random times per node),
 * times them from the node's first start request, judges the answers (@corex/verification-domain)
 * and expires the ones not started or answered in time. Writer of `challenge.<id>`.
 */
export class ChallengeDesk {
  readonly book: ChallengeBook;
  private readonly nowMs: () => number;
  private readonly random: () => number;
  private readonly busy = new Set<string>();
  private live = false;
  /** Events and ticks one at a time, so a join and a random challenge never both open for one node. */
  private serial: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: ChallengeDeskOptions) {
    this.nowMs = o.nowMs ?? Date.now;
    this.random = o.random ?? Math.random;
    this.book = new ChallengeBook(this.nowMs);
  }

  /** Every event of the log, in order; `live` once the verifier caught up with the log at start-up. */
  onEvent(stored: StoredEvent, live: boolean): Promise<void> {
    return this.oneAtATime(() => this.handleEvent(stored, live));
  }

  /** Expires what ran out of time and issues the random challenges that are due. */
  tick(): Promise<void> {
    return this.oneAtATime(() => this.handleTick());
  }

  private oneAtATime(work: () => Promise<void>): Promise<void> {
    const next = this.serial.then(work);
    this.serial = next.catch(() => undefined);
    return next;
  }

  private async handleEvent(stored: StoredEvent, live: boolean): Promise<void> {
    this.book.apply(stored);
    if (live && stored.event.type === NodeBenchmarked.type) {
      const { nodeId } = stored.event.data as { nodeId: string };
      if (!this.book.openFor(nodeId)) await this.issue(nodeId, 'join');
    }
  }

  /**
   * Caught up: from now on nodes get random challenges, and a node whose latest benchmark was
   * never challenged (it joined while the verifier was down or still replaying) gets its join
   * challenge now, so no claim goes unchecked because of when it arrived.
   */
  goLive(): Promise<void> {
    this.live = true;
    return this.oneAtATime(async () => {
      for (const [nodeId, node] of this.book.nodes) {
        if (node.unchallenged && !node.gone && !this.book.openFor(nodeId)) await this.issue(nodeId, 'join');
      }
    });
  }

  private async handleTick(): Promise<void> {
    const now = this.nowMs();
    for (const open of [...this.book.open.values()]) {
      const { challengeId } = open.issued;
      if (this.busy.has(challengeId) || !isChallengeExpired(open, now)) continue;
      this.busy.add(challengeId);
      await this.expire(open).finally(() => this.busy.delete(challengeId));
    }
    if (!this.live) return;
    for (const [nodeId, node] of this.book.nodes) {
      if (node.gone || this.book.openFor(nodeId)) continue;
      if (node.nextRandomAtMs === null) node.nextRandomAtMs = now + nextChallengeDelayMs(node.reputation, this.o.intervalMs, this.random, node.missedInARow);
      else if (node.nextRandomAtMs <= now) await this.issue(nodeId, 'random');
    }
  }

  /** A node's start request: the seed, size and deadline; the clock starts at the first one. */
  start(nodeId: string, challengeId: string): ChallengeStartReply | Refusal {
    const open = this.ownOpen(nodeId, challengeId);
    if (!open.ok) return open;
    const { issued } = open.challenge;
    const now = this.nowMs();
    // Past its start window: the next tick records the expiry.
    if (open.challenge.startedAtMs === null && isChallengeExpired(open.challenge, now)) {
      return { ok: false, code: nodeErrorCodes.CHALLENGE_CLOSED, message: 'the challenge was not started within 60 s of its issue' };
    }
    open.challenge.startedAtMs ??= now;
    return { ok: true, challengeId, seed: issued.seed, size: issued.size, deadlineMs: issued.deadlineMs };
  }

  /** A node's answer, arrived at `arrivedAtMs`: judged, recorded, and its outcome returned. */
  async answer(nodeId: string, challengeId: string, columnSums: string, messageHash: string, arrivedAtMs: number): Promise<ChallengeResultReply | Refusal> {
    const open = this.ownOpen(nodeId, challengeId);
    if (!open.ok) return open;
    const challenge = open.challenge;
    if (this.busy.has(challengeId)) return { ok: false, code: nodeErrorCodes.CHALLENGE_CLOSED, message: 'an answer to this challenge is being judged' };
    this.busy.add(challengeId);
    try {
      // No start on record (never sent, or the verifier restarted since): nothing to time the answer against.
      if (challenge.startedAtMs === null || isChallengeExpired(challenge, arrivedAtMs)) return { ok: true, outcome: (await this.expire(challenge)).outcome };
      const { judged, fraud } = judgeChallenge(challenge.issued, this.checkAnswer(challenge.issued, columnSums, messageHash, arrivedAtMs - challenge.startedAtMs), this.isoNow());
      await this.record(challenge, judged, fraud);
      return { ok: true, outcome: judged.outcome };
    } finally {
      this.busy.delete(challengeId);
    }
  }

  private checkAnswer(issued: ChallengeIssuedData, columnSums: string, messageHash: string, elapsedMs: number) {
    const sums = decodeColumnSums(columnSums, issued.size);
    const answerHash = createHash('sha256').update(Buffer.from(columnSums, 'base64')).digest('hex');
    if (!sums) return { elapsedMs, columns: [], wellFormed: false, answerHash, messageHash };
    const { a, b } = challengeMatrices(issued.seed, issued.size);
    const columns: CheckedColumn[] = pickCheckedColumns(issued.size, this.random).map((index) => ({
      index,
      expected: challengeColumn(a, b, issued.size, index),
      got: sums[index]!,
    }));
    return { elapsedMs, columns, wellFormed: true, answerHash, messageHash };
  }

  private ownOpen(nodeId: string, challengeId: string): { ok: true; challenge: OpenChallenge } | Refusal {
    const challenge = this.book.open.get(challengeId);
    if (challenge && challenge.issued.nodeId === nodeId) return { ok: true, challenge };
    if (this.book.isJudged(challengeId)) return { ok: false, code: nodeErrorCodes.CHALLENGE_CLOSED, message: 'the challenge was already judged or expired' };
    return { ok: false, code: nodeErrorCodes.UNKNOWN_CHALLENGE, message: 'no open challenge of this node has this id' };
  }

  private async issue(nodeId: string, reason: ChallengeIssuedData['reason']): Promise<void> {
    const node = this.book.nodes.get(nodeId);
    if (!node) return;
    const size = challengeSize(node.claimedGflops);
    const issued: ChallengeIssuedData = {
      challengeId: `ch-${randomUUID()}`,
      nodeId,
      reason,
      size,
      seed: randomBytes(32).toString('hex'),
      claimedGflops: node.claimedGflops,
      deadlineMs: challengeDeadlineMs(node.claimedGflops, size),
      issuedAt: this.isoNow(),
    };
    this.book.opening(issued);
    try {
      const appended = await this.o.store.append(subjects.challenge(issued.challengeId), [{ id: issued.challengeId, type: ChallengeIssued.type, data: issued }], 0);
      this.book.touched(issued.challengeId, appended.version);
    } catch (err) {
      this.book.open.delete(issued.challengeId);
      throw err;
    }
    node.nextRandomAtMs = null;
    this.o.logger.info({ challengeId: issued.challengeId, nodeId, reason, size, claimedGflops: node.claimedGflops }, 'challenge issued');
  }

  private async expire(challenge: OpenChallenge): Promise<ChallengeJudgedData> {
    const judged = expireChallenge(challenge.issued, challenge, this.isoNow());
    await this.record(challenge, judged);
    return judged;
  }

  private async record(challenge: OpenChallenge, judged: ChallengeJudgedData, fraud?: FraudDetectedData): Promise<void> {
    const { challengeId } = challenge.issued;
    const events: NewEvent[] = [{ id: `${challengeId}-judged`, type: ChallengeJudged.type, data: judged }];
    if (fraud) events.push({ id: fraud.fraudId, type: FraudDetected.type, data: fraud });
    const appended = await this.o.store.append(subjects.challenge(challengeId), events, challenge.version);
    for (const stored of appended.events) this.book.apply(stored);
    const level = fraud ? 'warn' : 'info';
    this.o.logger[level]({ challengeId, nodeId: judged.nodeId, outcome: judged.outcome, measuredGflops: judged.measuredGflops, claimedGflops: judged.claimedGflops }, 'challenge judged');
  }

  private isoNow(): string {
    return new Date(this.nowMs()).toISOString();
  }
}
