import { Inject, Injectable, Module, type DynamicModule, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { ChainFromEnv } from '@corex/chain';
import type { EventLog } from '@corex/eventstore';
import type { Logger } from '@corex/platform';
import type { StakingConfig } from '../config';
import { CHAIN, DATA_SOURCE, EVENT_LOG, LOGGER, STAKING_CONFIG } from '../tokens';
import { SettlementLoop } from './settlement-loop';

const SETTLEMENT_LOOP = Symbol('SETTLEMENT_LOOP');

/** Runs the settlement loop while the service runs; without a chain it does nothing. */
@Injectable()
class SettlementRunner implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(@Inject(SETTLEMENT_LOOP) private readonly loop: SettlementLoop | null) {}

  onApplicationBootstrap(): void {
    this.loop?.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop?.close();
  }
}

@Module({})
export class SettlementModule {
  static forRoot(): DynamicModule {
    return {
      module: SettlementModule,
      providers: [
        {
          provide: SETTLEMENT_LOOP,
          inject: [STAKING_CONFIG, EVENT_LOG, DATA_SOURCE, CHAIN, LOGGER],
          useFactory: (config: StakingConfig, log: EventLog, ds: DataSource, chain: ChainFromEnv | null, logger: Logger) =>
            chain
              ? new SettlementLoop({
                  log,
                  ds,
                  chain,
                  logger,
                  stream: config.COREX_STREAM,
                  prefix: config.COREX_SUBJECT_PREFIX,
                  pollMs: config.COREX_SETTLEMENT_POLL_MS,
                  batchSize: config.COREX_SETTLEMENT_BATCH,
                })
              : null,
        },
        SettlementRunner,
      ],
    };
  }
}
