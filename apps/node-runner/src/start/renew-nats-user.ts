import { decode } from '@nats-io/jwt';
import type { NatsConnection } from '@nats-io/nats-core';
import type { Benchmark, Hardware } from '@corex/events';
import { nodeSubjects, registerReplySchema } from '@corex/node-protocol';
import type { Logger } from '@corex/platform';
import { registrationMessage } from '../join/join';
import { storeNatsUser, type NodeNatsAuth } from '../nats/node-connection';

export interface NatsUserRenewalOptions {
  auth: NodeNatsAuth;
  /** Asks the network for a fresh user; resolves with its JWT. */
  renew(): Promise<string>;
  /** Told about every renewed user (the threads' connections use it from their next reconnect). */
  onRenewed(jwt: string): void;
  logger: Logger;
  retryMs?: number;
}

/**
 * Keeps the node's NATS user valid while it runs: once 80% of the user's lifetime has passed, the
 * node registers again (as the user it still is) and takes the fresh user the network issues.
 * The server closes connections of an expired user; they reconnect with the renewed one. A
 * failed renewal is retried every `retryMs`. Returns a function that stops it.
 */
export function keepNatsUserFresh(options: NatsUserRenewalOptions): () => void {
  const retryMs = options.retryMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const later = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(() => void attempt(), Math.min(Math.max(0, ms), 2 ** 31 - 1));
    timer.unref();
  };
  const schedule = () => {
    const { iat, exp } = decode(options.auth.jwt!);
    if (exp) later((iat + 0.8 * (exp - iat)) * 1000 - Date.now());
  };
  const attempt = async () => {
    try {
      const jwt = await options.renew();
      options.auth.jwt = jwt;
      options.onRenewed(jwt);
      options.logger.info({ expiresAt: new Date(decode(jwt).exp! * 1000).toISOString() }, 'NATS user renewed');
      schedule();
    } catch (err) {
      options.logger.warn({ err: (err as Error).message }, 'could not renew the NATS user; retrying');
      later(retryMs);
    }
  };
  if (options.auth.jwt) schedule();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

/** Renewal by registering again over the node's own connection (its user may publish `register`), keeping the new user in the home. */
export function renewOverConnection(
  nc: NatsConnection,
  target: { subjectPrefix: string; timeoutMs: number; home: string; name?: string },
  auth: NodeNatsAuth,
  report: { hardware: Hardware; benchmark: Benchmark },
): () => Promise<string> {
  return async () => {
    const message = registrationMessage(auth, target.name, report.hardware, report.benchmark);
    const reply = registerReplySchema.parse((await nc.request(nodeSubjects(target.subjectPrefix).register, JSON.stringify(message), { timeout: target.timeoutMs })).json());
    if (!reply.ok) throw new Error(`registration refused: ${reply.code} (${reply.message})`);
    if (!reply.natsJwt) throw new Error('the network issued no NATS user');
    await storeNatsUser(target.home, reply.natsJwt);
    return reply.natsJwt;
  };
}
