import type { Response } from 'express';
import type { ConcurrencySlots } from './rate-limit';

/** One Server-Sent Events frame; `data` is sent as JSON. */
export interface SseFrame {
  /** The event's type; absent for the default `message`. */
  event?: string;
  id?: number | string;
  data: unknown;
}

/**
 * A response turned into an SSE stream: the event-stream headers sent at once (proxies told not
 * to buffer), a `: heartbeat` comment every `heartbeatMs` so idle connections are kept, frames
 * written in the order they are sent. `onClose` runs once the client goes.
 */
export class SseResponse {
  private readonly heartbeat: NodeJS.Timeout;
  private ended = false;

  constructor(
    private readonly res: Response,
    heartbeatMs: number,
    onClose: () => void,
  ) {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    this.heartbeat = setInterval(() => res.write(': heartbeat\n\n'), heartbeatMs);
    res.on('close', onClose);
  }

  send(frame: SseFrame): void {
    const event = frame.event === undefined ? '' : `event: ${frame.event}\n`;
    const id = frame.id === undefined ? '' : `id: ${frame.id}\n`;
    this.res.write(`${event}${id}data: ${JSON.stringify(frame.data)}\n\n`);
  }

  /** Stops the heartbeat and ends the response; again is a no-op. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    clearInterval(this.heartbeat);
    this.res.end();
  }
}

/**
 * The open streams of one controller: each holds a slot of its key (429 RATE.TOO_MANY_STREAMS
 * past the cap) until its client goes, and all are closed on shutdown, where they would
 * otherwise hold the HTTP server open.
 */
export class OpenSseStreams<S extends { close(): void }> {
  private readonly open = new Set<S>();

  constructor(private readonly slots: ConcurrencySlots) {}

  /** Starts a stream on `res` under `slotKey`; nothing when the client has already gone. */
  start(res: Response, slotKey: string, stream: () => S): void {
    // A client gone while the request was checked already closed: a close listener added now would never run.
    if (res.destroyed || res.req.destroyed) return;
    const release = this.slots.acquire(slotKey);
    let started: S;
    try {
      started = stream();
    } catch (err) {
      release();
      throw err;
    }
    this.open.add(started);
    res.on('close', () => {
      this.open.delete(started);
      release();
    });
  }

  closeAll(): void {
    for (const stream of this.open) stream.close();
  }
}
