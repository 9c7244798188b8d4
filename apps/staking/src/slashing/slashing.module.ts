import { Inject, Injectable, Module, type DynamicModule, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { ChainFromEnv, NonceSigner } from '@corex/chain';
import { kindFilter } from '@corex/events';
import type { DurableConsumer, EventLog } from '@corex/eventstore';
import type { Logger } from '@corex/platform';
import type { StakingConfig } from '../config';
import { CHAIN, EVENT_LOG, LOGGER, NONCE_SIGNER, STAKING_CONFIG } from '../tokens';
import { FraudSlasher } from './fraud-slasher';

const FRAUD_SLASHER = Symbol('FRAUD_SLASHER');

/**
 * Consumes FraudDetected from both subjects the verifier writes it to (`verification.*` for
 * results, `challenge.*` for benchmarks; the 2.9 server takes one filter per consumer). Without
 * a chain or an operator key nothing is consumed, so the frauds are slashed once one is configured.
 */
@Injectable()
class SlashingRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly consumers: DurableConsumer[] = [];

  constructor(
    @Inject(FRAUD_SLASHER) private readonly slasher: FraudSlasher | null,
    @Inject(EVENT_LOG) private readonly log: EventLog,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    const slasher = this.slasher;
    if (!slasher) return;
    const onFailure = (err: unknown, n: number, retryInMs: number) => this.logger.warn({ err, failuresInARow: n, retryInMs }, 'slashing failed; retrying');
    for (const kind of ['verification', 'challenge'] as const) {
      this.consumers.push(this.log.consumer({ durable: `staking-slash-${kind}`, filter: kindFilter(kind), maxBatch: 50, onFailure }, (events) => slasher.handle(events)));
    }
    for (const c of this.consumers) c.start();
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.stop()));
  }
}

@Module({})
export class SlashingModule {
  static forRoot(): DynamicModule {
    return {
      module: SlashingModule,
      providers: [
        {
          provide: FRAUD_SLASHER,
          inject: [STAKING_CONFIG, CHAIN, NONCE_SIGNER, LOGGER],
          useFactory: (config: StakingConfig, chain: ChainFromEnv | null, signer: NonceSigner | null, logger: Logger) =>
            chain && signer ? new FraudSlasher({ chain, signer, logger, slashBps: config.SLASH_BPS }) : null,
        },
        SlashingRunner,
      ],
    };
  }
}
