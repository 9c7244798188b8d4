import { Inject, Injectable } from '@nestjs/common';
import type { JobSubmittedData } from '@corex/events';
import { decideJob, initialJobState } from '@corex/marketplace-domain';
import { newId } from '@corex/platform';
import type { DataSource } from 'typeorm';
import type { CatalogService } from '../../catalog/catalog.service';
import { resolveFederatedSubmission } from '../../federations/federated-request';
import { CATALOG, CLOCK, DATA_SOURCE, type Clock } from '../../infrastructure/tokens';
import { assertOwnWeights } from '../submit-job/own-weights';
import type { SubmitJobRequest } from '../submit-job/submit-job.request.dto';
import { quotedPolicy } from '../verification/job-verification.queries';
import type { JobQuoteView } from './job-quote.view.schema';

/**
 * Judges a submission exactly as SubmitJobHandler does before it stores anything (names resolved,
 * the decider run, params.weights checked) and quotes it; nothing is appended, reserved or claimed.
 * The funds check is left to the submission: a quote reserves nothing, so it promises nothing.
 */
@Injectable()
export class QuoteJobHandler {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource, @Inject(CATALOG) private readonly catalog: CatalogService, @Inject(CLOCK) private readonly clock: Clock) {}

  async execute(accountId: string, asSent: SubmitJobRequest): Promise<JobQuoteView> {
    const federated = await resolveFederatedSubmission(this.ds, this.catalog, accountId, asSent);
    const request = federated ? federated.request : { ...asSent, ...(await this.catalog.resolve(accountId, asSent)) };
    const view = await this.catalog.view(accountId, request);
    const catalog = federated ? { ...view, datasets: [...view.datasets, federated.dataset] } : view;
    const [submitted] = decideJob(
      {
        kind: 'SubmitJob',
        jobId: newId(),
        accountId,
        request,
        catalog,
        now: this.clock(),
      },
      initialJobState()
    );
    await assertOwnWeights(this.ds, accountId, request.params);
    const job = submitted!.data as JobSubmittedData;
    return {
      type: job.type,
      model: job.model,
      dataset: job.dataset,
      budget: job.budget,
      verification: quotedPolicy(job.verification, job.budget),
    };
  }
}
