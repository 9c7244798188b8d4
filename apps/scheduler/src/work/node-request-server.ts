import type { Msg, Subscription } from '@nats-io/nats-core';
import type { EventLog } from '@corex/eventstore';
import { notJsonRefusal } from '@corex/node-protocol';
import type { Logger } from '@corex/platform';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A request from a node, JSON-parsed; `undefined` when the payload is not JSON. */
export type NodeRequestHandler = (message: unknown) => Promise<unknown>;

/**
 * Serves one request/reply subject of the node protocol. Requests are handled concurrently:
 * handlers only touch the in-memory scheduler state synchronously, so they cannot interleave
 * mid-decision, and slow appends of one node do not hold up the others.
 */
export class NodeRequestServer {
  private subscription?: Subscription;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly log: EventLog,
    private readonly logger: Logger,
  ) {}

  async serve(subject: string, queue: string, handler: NodeRequestHandler): Promise<void> {
    this.subscription = this.log.nc.subscribe(subject, {
      queue,
      callback: (err, msg) => {
        if (err) return this.logger.error({ err, subject }, 'node request subscription failed');
        const done = this.answer(msg, handler).finally(() => this.inFlight.delete(done));
        this.inFlight.add(done);
      },
    });
    await this.log.nc.flush();
  }

  async close(): Promise<void> {
    await this.subscription?.drain();
    await Promise.all(this.inFlight);
  }

  private async answer(msg: Msg, handler: NodeRequestHandler): Promise<void> {
    let reply: unknown;
    try {
      const message = parseJson(msg.data);
      reply = message === undefined ? notJsonRefusal() : await handler(message);
    } catch (err) {
      this.logger.error({ err, subject: msg.subject }, 'node request failed');
      reply = { ok: false, code: 'NODE.UNAVAILABLE', message: 'the network could not handle the request; retry later' };
    }
    try {
      msg.respond(encoder.encode(JSON.stringify(reply)));
    } catch (err) {
      this.logger.warn({ err }, 'could not reply to a node');
    }
  }
}

function parseJson(data: Uint8Array): unknown {
  try {
    return JSON.parse(decoder.decode(data));
  } catch {
    return undefined;
  }
}
