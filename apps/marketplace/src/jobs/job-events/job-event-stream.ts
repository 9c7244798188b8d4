import type { Response } from 'express';
import type { Logger } from '@corex/platform';
import type { Projector } from '@corex/projections';
import { SseResponse } from '../../http/event-stream';
import { isTerminalStatus } from '../../projections/jobs.evolve';
import type { JobView } from '../job.view';
import { mergePatch, type JsonObject } from './view-patch';

export interface JobEventStreamOptions {
  jobId: string;
  res: Response;
  jobs: Projector<object>;
  /** The job's current view and row version, or null once it is gone. */
  read: () => Promise<{ view: JobView; version: number } | null>;
  heartbeatMs: number;
  /** At most one patch per this many ms; changes in between are merged into the next (0: none held back). */
  patchIntervalMs: number;
  logger: Logger;
}

/** Members of the view that change with nearly every event or with the clock: patches carry them once, when the job finishes. */
const QUIET_MEMBERS = ['updatedAt', 'elapsedMs'] as const;

/**
 * One SSE subscription to one job (event shapes: docs/job-events.md):
 * - `job` (once, first): the whole job view, as GET /v1/jobs/{id} shows it;
 * - then unnamed events (`message`): a JSON Merge Patch (RFC 7386) of that view with only the
 *   members that changed (a new training step arrives as `latestStep`); applied in order they
 *   give the view.
 * The stream ends after the terminal status. Sends are queued, so events go out in order, and
 * nothing is sent when nothing changed. It is a live view, not a log: changes committed in one
 * projection batch, or within one patch interval, arrive as one patch, so a client that needs
 * every step pages /steps.
 */
export class JobEventStream {
  private queue = Promise.resolve();
  /** The view as the client holds it now, and its row version. */
  private sent?: { view: JsonObject; version: number };
  private closed = false;
  private lastPatchAt = -Infinity;
  private heldBack?: NodeJS.Timeout;
  private readonly unsubscribe: () => void;
  private readonly sse: SseResponse;

  constructor(private readonly o: JobEventStreamOptions) {
    // Subscribed before the first read: a change committed after it is never missed.
    this.unsubscribe = o.jobs.onApplied((keys) => (keys === null || keys.includes(o.jobId)) && this.refresh());
    this.sse = new SseResponse(o.res, o.heartbeatMs, () => this.close());
    this.refresh();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.heldBack);
    this.unsubscribe();
    this.sse.end();
  }

  private refresh(): void {
    this.queue = this.queue.then(
      () => this.send(),
      () => undefined,
    );
  }

  /** Sends once the patch interval has passed; the send then reads the newest view. */
  private holdBack(wait: number): void {
    this.heldBack ??= setTimeout(() => {
      this.heldBack = undefined;
      this.refresh();
    }, wait);
  }

  private async send(): Promise<void> {
    if (this.closed) return;
    try {
      const current = await this.o.read();
      if (!current) return this.close();
      if (!this.sent) {
        this.sse.send({ event: 'job', id: current.version, data: current.view });
        this.sent = { view: asJson(current.view), version: current.version };
      } else if (current.version > this.sent.version) {
        // The last patch of a job goes out at once; others wait for the patch interval.
        const wait = this.lastPatchAt + this.o.patchIntervalMs - Date.now();
        if (wait > 0 && !isTerminalStatus(current.view.status)) return this.holdBack(wait);
        const finishing = current.view.finishedAt !== this.sent.view['finishedAt'];
        const view = asJson(finishing ? current.view : { ...current.view, ...quietMembersOf(this.sent.view) });
        const patch = mergePatch(this.sent.view, view);
        if (patch) {
          this.sse.send({ data: patch });
          this.lastPatchAt = Date.now();
        }
        this.sent = { view, version: current.version };
      }
      if (isTerminalStatus(current.view.status)) this.close();
    } catch (err) {
      this.o.logger.warn({ err, jobId: this.o.jobId }, 'job event stream failed; closing it');
      this.close();
    }
  }
}

const asJson = (view: object): JsonObject => JSON.parse(JSON.stringify(view));

function quietMembersOf(view: JsonObject): JsonObject {
  return Object.fromEntries(QUIET_MEMBERS.map((member) => [member, view[member] ?? null]));
}
