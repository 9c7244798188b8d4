import { Inject, Injectable } from '@nestjs/common';
import { subjects, type JobSubmittedData, type NewEvent, type StoredEvent, type VerificationPolicy } from '@corex/events';
import { WrongExpectedVersionError, type EventLog } from '@corex/eventstore';
import { decideFunds, decideJob, initialJobState, parseCxt } from '@corex/marketplace-domain';
import { canonicalJson, deterministicId, newId, sha256Hex, UnprocessableError, type Logger } from '@corex/platform';
import type { DataSource } from 'typeorm';
import { FundsStore } from '../../accounts/funds/funds.store';
import type { CatalogService } from '../../catalog/catalog.service';
import type { Projectors } from '../../infrastructure/projectors';
import { CATALOG, CLOCK, DATA_SOURCE, EVENT_LOG, LOGGER, PROJECTORS, type Clock } from '../../infrastructure/tokens';
import { recordIdempotencyKey } from './idempotency-keys';
import { assertOwnWeights } from './own-weights';
import { claimOutputDatasetName } from './output-dataset-name';
import { writeSubmittedRow } from './submitted-row';
import { resolveFederatedSubmission } from '../../federations/federated-request';
import type { SubmitJobRequest } from './submit-job.request.dto';

export interface SubmittedJob {
  id: string;
  status: 'submitted';
  replayed: boolean;
  /** The job as stored (the first submission's, on a replay): what its response quotes. */
  budget: string;
  verification: VerificationPolicy | undefined;
}

@Injectable()
export class SubmitJobHandler {
  constructor(
    @Inject(EVENT_LOG) private readonly log: EventLog,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(PROJECTORS) private readonly projectors: Projectors,
    @Inject(CATALOG) private readonly catalog: CatalogService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(FundsStore) private readonly funds: FundsStore,
  ) {}

  async execute(accountId: string, asSent: SubmitJobRequest, idempotencyKey?: string): Promise<SubmittedJob> {
    // A federated job names no dataset of the catalog: its federation and validation set are checked here.
    const federated = await resolveFederatedSubmission(this.ds, this.catalog, accountId, asSent);
    // Names become ids before the decider runs: JobSubmitted carries ids only. The key is judged on the body as sent.
    const request = federated ? federated.request : { ...asSent, ...(await this.catalog.resolve(accountId, asSent)) };
    const jobId = idempotencyKey ? deterministicId('job', accountId, idempotencyKey) : newId();
    const eventId = idempotencyKey ? deterministicId('job-submitted', accountId, idempotencyKey) : undefined;
    // Decide first: a refused request must not consume its Idempotency-Key.
    const view = await this.catalog.view(accountId, request);
    const catalog = federated ? { ...view, datasets: [...view.datasets, federated.dataset] } : view;
    const events = decideJob(
      { kind: 'SubmitJob', jobId, accountId, request, catalog, idempotencyKey, eventId, now: this.clock() },
      initialJobState(),
    );
    // After the decider: params.weights is then known to be a param of this job type and model.
    await assertOwnWeights(this.ds, accountId, request.params);
    // The budget is reserved in the same decision: too little deposit refuses the job before the key is claimed or anything appended.
    const reserve = this.funds.enabled ? ({ kind: 'ReserveFunds', accountId, jobId, amount: parseCxt(request.budget)! } as const) : undefined;
    if (reserve) decideFunds(reserve, (await this.funds.load(accountId)).state);
    await claimOutputDatasetName(this.log, this.ds, events, this.clock());
    if (idempotencyKey) await this.claimKey(accountId, idempotencyKey, asSent, jobId);
    // Decided again on the aggregate's latest state under optimistic concurrency: of two racing submissions only what the funds cover is reserved.
    if (reserve) await this.funds.execute(reserve);
    const { submitted, version, replayed } = await this.appendJob(jobId, events, idempotencyKey, reserve);
    await this.makeReadable(jobId, submitted, version);
    const stored = submitted.event.data as JobSubmittedData;
    return { id: jobId, status: 'submitted', replayed, budget: stored.budget, verification: stored.verification };
  }

  /** Readable at once, without waiting for the projection; only if that write fails does it wait (up to 5 s). */
  private async makeReadable(jobId: string, submitted: StoredEvent, version: number): Promise<void> {
    try {
      await writeSubmittedRow(this.ds, submitted);
    } catch (err) {
      this.logger.warn({ err, jobId }, 'could not write the submitted job row; waiting for the projection instead');
      await this.projectors.waitFor('marketplace.jobs', version).catch((waitErr) => {
        this.logger.warn({ err: waitErr, jobId }, 'job projection lagging; the job is stored and will appear shortly');
      });
    }
  }

  private async claimKey(accountId: string, key: string, request: SubmitJobRequest, jobId: string): Promise<void> {
    const requestHash = sha256Hex(canonicalJson(request));
    const recorded = await recordIdempotencyKey(this.ds, accountId, key, { requestHash, jobId });
    if (recorded.requestHash !== requestHash) {
      throw new UnprocessableError('IDEMPOTENCY.KEY_REUSED', 'this Idempotency-Key was used with a different request body', {
        jobId: recorded.jobId,
      });
    }
  }

  /** Appends the job; if that fails after its budget was reserved (no key to retry with), the reservation is released. */
  private async appendJob(jobId: string, events: NewEvent[], idempotencyKey: string | undefined, reserve: { accountId: string } | undefined) {
    try {
      return await this.appendOnce(jobId, events, !!idempotencyKey);
    } catch (err) {
      if (reserve && !idempotencyKey) {
        await this.funds.execute({ kind: 'ReleaseFunds', accountId: reserve.accountId, jobId, reason: 'cancelled' }).catch((releaseErr: unknown) => {
          this.logger.error({ err: releaseErr, jobId }, 'the job was not stored and its reservation could not be released');
        });
      }
      throw err;
    }
  }

  /** Appends the job's events once; returns the JobSubmitted as stored (the first one, when this is a replay). */
  private async appendOnce(
    jobId: string,
    events: NewEvent[],
    idempotent: boolean,
  ): Promise<{ submitted: StoredEvent; version: number; replayed: boolean }> {
    const subject = subjects.job(jobId);
    try {
      const result = await this.log.store.append(subject, events, 0);
      // A duplicate's envelope is new (its time is not the stored one): read what was stored.
      if (!result.duplicate) return { submitted: result.events[0]!, version: result.version, replayed: false };
    } catch (err) {
      // Past the dedupe window a retried key finds its job already in the log.
      if (!(idempotent && err instanceof WrongExpectedVersionError)) throw err;
    }
    const { version, events: stored } = await this.log.store.read(subject);
    return { submitted: stored[0]!, version, replayed: true };
  }
}
