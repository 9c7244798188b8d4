import { DeliverPolicy, type ConsumerMessages, type ConsumerNotification, type JetStreamClient, type JsMsg } from '@nats-io/jetstream';
import { ClosedConnectionError, DrainingConnectionError } from '@nats-io/nats-core';
import type { Logger } from '@corex/platform';

export interface FollowOptions {
  stream: string;
  /** Full subject filter(s) of the stream. */
  filter: string | string[];
  /** The first stream sequence to deliver (1: from the beginning). */
  fromSeq?: number;
  maxMessages?: number;
  logger?: Logger;
  /** Named in log lines. */
  name?: string;
}

export interface LogFollower {
  /** Stops reading; `done` resolves once the last message handed over is handled. */
  stop(): void;
  readonly done: Promise<void>;
}

/**
 * Reads the stream in order, each message once, through ordered consumers: whenever the server
 * loses the one being read (deleted after inactivity, heartbeats missed while this process was
 * busy, the library resetting it) or its iterator ends, a new one is opened from the sequence
 * after the last message handed over. The library's own recovery is not relied on: after
 * recreating an ordered consumer it can keep counting the deleted one's pulls as pending and stop
 * pulling, and a reader would then wait forever. `onMessage` returns false to stop; when it
 * throws, reading stops and `done` rejects with its error.
 */
export function followLog(js: JetStreamClient, options: FollowOptions, onMessage: (m: JsMsg) => boolean | void): LogFollower {
  let stopped = false;
  let current: ConsumerMessages | undefined;
  let wake: (() => void) | undefined;
  const name = options.name ?? String(options.filter);

  async function run(): Promise<void> {
    let next = options.fromSeq ?? 1;
    for (let failures = 0; !stopped; ) {
      try {
        const consumer = await js.consumers.get(options.stream, {
          filter_subjects: options.filter,
          ...(next > 1 ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: next } : {}),
        });
        if (stopped) return;
        const messages = (current = await consumer.consume({ max_messages: options.maxMessages ?? 512 }));
        watch(messages);
        for await (const m of messages) {
          next = m.seq + 1;
          failures = 0;
          let more: boolean | void;
          try {
            more = onMessage(m);
          } catch (err) {
            // The handler's own failure is the caller's: `done` rejects with it.
            stopped = true;
            messages.stop();
            throw new HandlerFailure(err);
          }
          if (more === false) {
            stopped = true;
            messages.stop();
            return;
          }
        }
        if (!stopped) options.logger?.warn({ follower: name, next }, 'log reader ended; reopening from the next sequence');
      } catch (err) {
        if (err instanceof HandlerFailure) throw err.cause;
        // The connection is gone for good (closing down): nothing more can be read.
        if (stopped || connectionGone(err)) return;
        failures++;
        const retryInMs = Math.min(10_000, 100 * 2 ** Math.min(failures, 10));
        options.logger?.warn({ err, follower: name, next, failures, retryInMs }, 'log reader failed; reopening');
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, retryInMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
  }

  function watch(messages: ConsumerMessages): void {
    void (async () => {
      for await (const status of messages.status()) {
        if (!VANISHED.has(status.type)) continue;
        options.logger?.warn({ follower: name, status }, 'log reader lost its consumer; reopening from the next sequence');
        messages.stop();
        return;
      }
    })().catch(() => undefined);
  }

  const done = run();
  return {
    stop() {
      stopped = true;
      current?.stop();
      wake?.();
    },
    done,
  };
}

/**
 * Every message of the filter from `fromSeq` up to and including `lastSeq`, in order (a bounded
 * read that survives the loss of its consumer like followLog).
 */
export async function readLog(js: JetStreamClient, options: Omit<FollowOptions, 'fromSeq'> & { fromSeq?: number; lastSeq: number }, onMessage: (m: JsMsg) => void): Promise<void> {
  if ((options.fromSeq ?? 1) > options.lastSeq) return;
  const follower = followLog(js, options, (m) => {
    if (m.seq > options.lastSeq) return false;
    onMessage(m);
    return m.seq < options.lastSeq;
  });
  await follower.done;
}

function connectionGone(err: unknown): boolean {
  return err instanceof ClosedConnectionError || err instanceof DrainingConnectionError;
}

class HandlerFailure {
  constructor(readonly cause: unknown) {}
}

/** What the client tells of a consumer it can no longer read from as it is. */
export const VANISHED = new Set<ConsumerNotification['type']>(['consumer_deleted', 'consumer_not_found', 'heartbeats_missed', 'no_responders', 'reset']);
