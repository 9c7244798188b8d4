import { Inject, Injectable } from '@nestjs/common';
import { idSchema, subjects } from '@corex/events';
import { WrongExpectedVersionError, type EventLog } from '@corex/eventstore';
import { decideJob, evolveJob, initialJobState } from '@corex/marketplace-domain';
import { NotFoundError, type Logger } from '@corex/platform';
import type { Projectors } from '../../infrastructure/projectors';
import { CLOCK, EVENT_LOG, LOGGER, PROJECTORS, type Clock } from '../../infrastructure/tokens';

const MAX_ATTEMPTS = 5;

@Injectable()
export class CancelJobHandler {
  constructor(
    @Inject(EVENT_LOG) private readonly log: EventLog,
    @Inject(PROJECTORS) private readonly projectors: Projectors,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Decides on the job's own events read from the log (the read model may lag), and appends
   * JobCancelled at the version read; when the scheduler appended in between, reads again.
   */
  async execute(accountId: string, jobId: string): Promise<{ id: string; status: 'cancelled' }> {
    if (!idSchema.safeParse(jobId).success) throw new NotFoundError('JOB.NOT_FOUND', 'job not found');
    const subject = subjects.job(jobId);
    for (let attempt = 1; ; attempt++) {
      const { version, events } = await this.log.store.read(subject);
      const state = events.map((e) => e.event).reduce(evolveJob, initialJobState());
      const decided = decideJob({ kind: 'CancelJob', jobId, accountId, now: this.clock() }, state);
      try {
        const appended = await this.log.store.append(subject, decided, version);
        await this.projectors.waitFor('marketplace.jobs', appended.version).catch((err) => {
          this.logger.warn({ err, jobId }, 'job projection lagging; the cancellation is stored and will show shortly');
        });
        return { id: jobId, status: 'cancelled' };
      } catch (err) {
        if (!(err instanceof WrongExpectedVersionError) || attempt >= MAX_ATTEMPTS) throw err;
      }
    }
  }
}
