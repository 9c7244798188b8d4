import { Inject, Module, type DynamicModule, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { ChainFromEnv } from '@corex/chain';
import type { EventLog } from '@corex/eventstore';
import type { Logger } from '@corex/platform';
import type { StakingConfig } from '../config';
import { CHAIN, DATA_SOURCE, EVENT_LOG, LOGGER } from '../tokens';
import { ChainIngest } from './chain-ingest';

export const CHAIN_INGEST = Symbol('CHAIN_INGEST');

/** Chain facts into the log (ChainIngest); nothing without a chain. */
@Module({})
export class IngestModule implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(@Inject(CHAIN_INGEST) private readonly ingest: ChainIngest | null) {}

  static forRoot(config: StakingConfig): DynamicModule {
    return {
      module: IngestModule,
      // The id keys serve other features too (payout binding checks registration).
      global: true,
      providers: [
        {
          provide: CHAIN_INGEST,
          inject: [CHAIN, DATA_SOURCE, EVENT_LOG, LOGGER],
          useFactory: (chain: ChainFromEnv | null, ds: DataSource, log: EventLog, logger: Logger) =>
            chain ? new ChainIngest(chain, ds, log, logger, { confirmations: config.COREX_CHAIN_CONFIRMATIONS, pollMs: config.COREX_CHAIN_POLL_MS }) : null,
        },
      ],
      exports: [CHAIN_INGEST],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.ingest?.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.ingest?.stop();
  }
}
