import type { Response } from 'express';
import type { Logger } from '@corex/platform';
import type { Projector } from '@corex/projections';
import { isTerminalStatus } from '../../projections/jobs.evolve';
import type { JobView } from '../job.view';

export interface JobEventStreamOptions {
  jobId: string;
  res: Response;
  jobs: Projector<object>;
  /** The job's current view and row version, or null once it is gone. */
  read: () => Promise<{ view: JobView; version: number } | null>;
  heartbeatMs: number;
  logger: Logger;
}

/**
 * One SSE subscription to one job: the current view at once, then the view again each time
 * the jobs projection commits a batch that touched this job, until a terminal status. Sends
 * are queued so views go out in order, and a view is only sent when the row's version grew.
 */
export class JobEventStream {
  private queue = Promise.resolve();
  private lastVersion = -1;
  private closed = false;
  private readonly unsubscribe: () => void;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(private readonly o: JobEventStreamOptions) {
    // Subscribed before the first read: a change committed after it is never missed.
    this.unsubscribe = o.jobs.onApplied((keys) => (keys === null || keys.includes(o.jobId)) && this.refresh());
    o.res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    o.res.flushHeaders();
    this.heartbeat = setInterval(() => o.res.write(': heartbeat\n\n'), o.heartbeatMs);
    o.res.on('close', () => this.close());
    this.refresh();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    this.unsubscribe();
    this.o.res.end();
  }

  private refresh(): void {
    this.queue = this.queue.then(
      () => this.send(),
      () => undefined,
    );
  }

  private async send(): Promise<void> {
    if (this.closed) return;
    try {
      const current = await this.o.read();
      if (!current) return this.close();
      if (current.version > this.lastVersion && !this.closed) {
        this.lastVersion = current.version;
        this.o.res.write(`id: ${current.version}\ndata: ${JSON.stringify(current.view)}\n\n`);
      }
      if (isTerminalStatus(current.view.status)) this.close();
    } catch (err) {
      this.o.logger.warn({ err, jobId: this.o.jobId }, 'job event stream failed; closing it');
      this.close();
    }
  }
}
