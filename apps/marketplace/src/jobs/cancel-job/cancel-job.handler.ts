import { Inject, Injectable } from '@nestjs/common';
import { idSchema, subjects } from '@corex/events';
import { WrongExpectedVersionError, type EventLog } from '@corex/eventstore';
import { decideJob, evolveJob, initialJobState } from '@corex/marketplace-domain';
import { NotFoundError, type Logger } from '@corex/platform';
import { firstEvent, lastEvent } from '../../infrastructure/aggregate-ends';
import type { Projectors } from '../../infrastructure/projectors';
import { CLOCK, EVENT_LOG, LOGGER, PROJECTORS, type Clock } from '../../infrastructure/tokens';

/** How long a cancel keeps retrying against a job that other writers keep appending to. */
const RETRY_FOR_MS = 10_000;

@Injectable()
export class CancelJobHandler {
  constructor(
    @Inject(EVENT_LOG) private readonly log: EventLog,
    @Inject(PROJECTORS) private readonly projectors: Projectors,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Decides on the job's first event (JobSubmitted: who owns it) and its last one, read from
   * the log (the read model may lag). Terminal events are always last, so the last event alone
   * tells whether the job is finished, and the state folded from these two equals the state
   * folded from all events. On a conflict only the last event is read again: a job with
   * thousands of training steps is never re-read whole while the scheduler keeps appending.
   */
  async execute(accountId: string, jobId: string): Promise<{ id: string; status: 'cancelled' }> {
    const notFound = () => new NotFoundError('JOB.NOT_FOUND', 'job not found');
    if (!idSchema.safeParse(jobId).success) throw notFound();
    const subject = subjects.job(jobId);
    const first = await firstEvent(this.log, subject);
    if (!first) throw notFound();
    const deadline = Date.now() + RETRY_FOR_MS;
    for (let attempt = 1; ; attempt++) {
      const last = (await lastEvent(this.log, subject)) ?? first;
      const state = [first.event, last.event].reduce(evolveJob, initialJobState());
      const decided = decideJob({ kind: 'CancelJob', jobId, accountId, now: this.clock() }, state);
      try {
        const appended = await this.log.store.append(subject, decided, last.seq);
        if (attempt > 1) this.logger.debug({ jobId, attempt }, 'cancel landed after conflicts');
        await this.projectors.waitFor('marketplace.jobs', appended.version).catch((err) => {
          this.logger.warn({ err, jobId }, 'job projection lagging; the cancellation is stored and will show shortly');
        });
        return { id: jobId, status: 'cancelled' };
      } catch (err) {
        if (!(err instanceof WrongExpectedVersionError) || Date.now() > deadline) throw err;
      }
    }
  }
}
