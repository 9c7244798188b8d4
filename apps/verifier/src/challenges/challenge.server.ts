import type { Msg, NatsConnection, Subscription } from '@nats-io/nats-core';
import { nodeSubjects, notJsonRefusal, verifyChallengeResult, verifyChallengeStart } from '@corex/node-protocol';
import type { Logger } from '@corex/platform';
import type { ChallengeDesk } from './challenge-desk';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Answers the nodes' `challenge-start` and `challenge-result` requests (docs/node-protocol.md,
 * "Benchmark challenges"): checks each message's ed25519 signature and freshness, then hands it
 * to the desk. An answer's arrival time is taken before anything else, so judging it costs the
 * node nothing.
 */
export class ChallengeServer {
  private readonly subscriptions: Subscription[] = [];
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly nc: NatsConnection,
    private readonly desk: ChallengeDesk,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    const subjects = nodeSubjects(this.prefix);
    this.listen(subjects.challenge, (message) => {
      const verified = verifyChallengeStart(message, { now: new Date() });
      if (!verified.ok) return verified;
      return this.desk.start(verified.nodeId, verified.body.challengeId);
    });
    this.listen(subjects.challengeResult, (message, arrivedAtMs) => {
      const verified = verifyChallengeResult(message, { now: new Date() });
      if (!verified.ok) return verified;
      const { challengeId, columnSums } = verified.body;
      return this.desk.answer(verified.nodeId, challengeId, columnSums, verified.hash, arrivedAtMs);
    });
    await this.nc.flush();
  }

  async close(): Promise<void> {
    await Promise.all(this.subscriptions.map((s) => s.drain()));
    await Promise.all(this.inFlight);
  }

  private listen(subject: string, handle: (message: unknown, arrivedAtMs: number) => unknown): void {
    const subscription = this.nc.subscribe(subject, {
      queue: 'verifier',
      callback: (err, msg) => {
        if (err) return this.logger.error({ err, subject }, 'challenge subscription failed');
        const arrivedAtMs = Date.now();
        const done = this.reply(msg, handle, arrivedAtMs).finally(() => this.inFlight.delete(done));
        this.inFlight.add(done);
      },
    });
    this.subscriptions.push(subscription);
  }

  private async reply(msg: Msg, handle: (message: unknown, arrivedAtMs: number) => unknown, arrivedAtMs: number): Promise<void> {
    let reply: unknown;
    try {
      let message: unknown;
      try {
        message = JSON.parse(decoder.decode(msg.data));
      } catch {
        const r = notJsonRefusal();
        reply = { ok: false, code: r.code, message: r.message };
      }
      reply ??= await handle(message, arrivedAtMs);
      if (reply && typeof reply === 'object' && 'ok' in reply && reply.ok === false) reply = refusalOnly(reply as Record<string, unknown>);
    } catch (err) {
      this.logger.error({ err, subject: msg.subject }, 'challenge message not handled');
      reply = { ok: false, code: 'NODE.UNAVAILABLE', message: 'the verifier could not record the message; retry' };
    }
    try {
      msg.respond(encoder.encode(JSON.stringify(reply)));
    } catch (err) {
      this.logger.warn({ err }, 'could not answer a challenge message');
    }
  }
}

/** A refusal as the wire carries it: code and message (and retryAfterMs), nothing of the verifier's internals. */
function refusalOnly(r: Record<string, unknown>): Record<string, unknown> {
  return { ok: false, code: r['code'], message: r['message'], ...(r['retryAfterMs'] === undefined ? {} : { retryAfterMs: r['retryAfterMs'] }) };
}
