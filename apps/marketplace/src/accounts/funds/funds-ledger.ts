import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { FragmentRewarded, JobCancelled, JobCompleted, JobFailed, kindFilter, parseAggregateSubject, type FragmentRewardedData, type StoredEvent } from '@corex/events';
import type { DurableConsumer, EventLog } from '@corex/eventstore';
import type { Logger } from '@corex/platform';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE, EVENT_LOG, LOGGER } from '../../infrastructure/tokens';
import { FundsStore } from './funds.store';

const ENDS = { [JobCompleted.type]: 'completed', [JobFailed.type]: 'failed', [JobCancelled.type]: 'cancelled' } as const;

/**
 * Moves money on the funds aggregates as jobs run: each `corex.fragment.rewarded.v1` spends the
 * reward from its job's reservation; a job's end releases what it did not spend. Durable
 * consumers; the decider makes both idempotent (once per fragment, once per job).
 */
@Injectable()
export class FundsLedger implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly consumers: DurableConsumer[] = [];

  constructor(
    @Inject(EVENT_LOG) private readonly log: EventLog,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(FundsStore) private readonly funds: FundsStore,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.funds.enabled) return;
    const onFailure = (err: unknown, n: number, retryInMs: number) => this.logger.warn({ err, failuresInARow: n, retryInMs }, 'funds ledger failed; retrying');
    this.consumers.push(
      this.log.consumer({ durable: 'marketplace-funds-rewards', filter: kindFilter('reward'), maxBatch: 200, onFailure }, (events) => this.spend(events)),
      this.log.consumer({ durable: 'marketplace-funds-job-ends', filter: kindFilter('job'), maxBatch: 200, onFailure }, (events) => this.release(events)),
    );
    for (const c of this.consumers) c.start();
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.stop()));
  }

  private async spend(events: StoredEvent[]): Promise<void> {
    for (const { event } of events) {
      if (event.type !== FragmentRewarded.type) continue;
      const r = event.data as FragmentRewardedData;
      await this.funds.execute({ kind: 'SpendFunds', accountId: r.accountId, jobId: r.jobId, fragmentId: r.fragmentId, amount: BigInt(r.amount) });
    }
  }

  private async release(events: StoredEvent[]): Promise<void> {
    for (const { event } of events) {
      const reason = ENDS[event.type as keyof typeof ENDS];
      if (!reason) continue;
      const jobId = parseAggregateSubject(event.subject).id;
      const accountId = (event.data as { accountId?: string }).accountId ?? (await this.accountOf(jobId));
      // A job this marketplace never stored reserved nothing here.
      if (!accountId) {
        this.logger.warn({ jobId }, 'an ended job has no row in marketplace.jobs: no funds to release');
        continue;
      }
      await this.funds.execute({ kind: 'ReleaseFunds', accountId, jobId, reason });
    }
  }

  private async accountOf(jobId: string): Promise<string | undefined> {
    const rows: Array<{ account_id: string }> = await this.ds.query(`SELECT account_id FROM marketplace.jobs WHERE id = $1`, [jobId]);
    return rows[0]?.account_id;
  }
}
