import type { NatsConnection } from '@nats-io/nats-core';
import { encodeColumnSums, solveChallenge } from '@corex/compute';
import {
  challengeMessageKinds,
  challengeResultReplySchema,
  challengeStartReplySchema,
  newNonce,
  nodeSubjects,
  signNodeMessage,
  type ChallengeResultReply,
  type ChallengeStartReply,
} from '@corex/node-protocol';
import type { Logger } from '@corex/platform';

/** The node's side of the challenge protocol, talking to the verifier. */
export interface ChallengeClient {
  start(challengeId: string): Promise<ChallengeStartReply>;
  answer(challengeId: string, columnSums: string): Promise<ChallengeResultReply>;
}

export interface ChallengeClientOptions {
  subjectPrefix: string;
  nodeId: string;
  seed: string;
  timeoutMs: number;
}

/** A ChallengeClient over core NATS request/reply, every message signed with the node's key. */
export function natsChallengeClient(nc: NatsConnection, options: ChallengeClientOptions): ChallengeClient {
  const subjects = nodeSubjects(options.subjectPrefix);
  const sign = (kind: string, fields: Record<string, unknown>) =>
    JSON.stringify(signNodeMessage(kind, { nodeId: options.nodeId, issuedAt: new Date().toISOString(), nonce: newNonce(), ...fields }, options.seed));
  return {
    start: async (challengeId) => {
      const reply = await nc.request(subjects.challenge, sign(challengeMessageKinds.start, { challengeId }), { timeout: options.timeoutMs });
      return challengeStartReplySchema.parse(reply.json());
    },
    answer: async (challengeId, columnSums) => {
      const reply = await nc.request(subjects.challengeResult, sign(challengeMessageKinds.result, { challengeId, columnSums }), { timeout: options.timeoutMs });
      return challengeResultReplySchema.parse(reply.json());
    },
  };
}

export interface ChallengeRunnerDeps {
  client: ChallengeClient;
  /** Column sums of relu(A·B) for the seed and size (onnxruntime by default). */
  solve?: (seed: string, size: number) => Promise<Float32Array>;
  /** Told of each outcome, or of the reason a challenge could not be answered. */
  report(message: string, fields: Record<string, unknown>): void;
  logger: Logger;
}

/**
 * Answers the benchmark challenges the work replies name (docs/node-protocol.md, "Benchmark
 * challenges"), each once and at once: start, compute, answer. The work loop goes on asking
 * (the scheduler assigns nothing while the challenge is open); heartbeats have their own thread.
 */
export class ChallengeRunner {
  private readonly seen = new Set<string>();
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly deps: ChallengeRunnerDeps) {}

  /** Runs the challenge unless it already ran or runs (the work reply repeats it until it is judged). */
  run(challengeId: string): void {
    if (this.seen.has(challengeId)) return;
    this.seen.add(challengeId);
    const done = this.answer(challengeId)
      .catch((err: Error) => {
        // Not answered: it expires (no penalty) and the network issues another one later.
        this.seen.delete(challengeId);
        this.deps.report('benchmark challenge not answered', { challengeId, err: err.message });
      })
      .finally(() => this.running.delete(done));
    this.running.add(done);
  }

  /** Waits for the challenges under way (at shutdown). */
  async settle(): Promise<void> {
    await Promise.all(this.running);
  }

  private async answer(challengeId: string): Promise<void> {
    const start = await this.deps.client.start(challengeId);
    if (!start.ok) return this.deps.report(`benchmark challenge refused: ${start.code}`, { challengeId, code: start.code, reason: start.message });
    const sums = await (this.deps.solve ?? solveChallenge)(start.seed, start.size);
    const reply = await this.deps.client.answer(challengeId, encodeColumnSums(sums));
    if (!reply.ok) return this.deps.report(`benchmark challenge answer refused: ${reply.code}`, { challengeId, code: reply.code, reason: reply.message });
    this.deps.report(`benchmark challenge ${reply.outcome}`, { challengeId, size: start.size, outcome: reply.outcome });
  }
}
