import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { openEventLog, type EventLog } from '@corex/eventstore';
import { createLogger, type Logger } from '@corex/platform';
import type { ReputationConfig } from './config';
import { ReputationService } from './reputation.service';
import { EVENT_LOG, LOGGER, REPUTATION_CONFIG } from './tokens';

/** Root module: configuration, logger, event log and the reputation service. */
@Module({})
export class ReputationModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_LOG) private readonly log: EventLog) {}

  static forRoot(config: ReputationConfig): DynamicModule {
    return {
      module: ReputationModule,
      global: true,
      providers: [
        { provide: REPUTATION_CONFIG, useValue: config },
        { provide: LOGGER, useValue: createLogger('reputation', config.LOG_LEVEL) },
        {
          provide: EVENT_LOG,
          inject: [LOGGER],
          useFactory: (logger: Logger) =>
            openEventLog({
              url: config.NATS_URL,
              service: 'reputation',
              stream: config.COREX_STREAM,
              prefix: config.COREX_SUBJECT_PREFIX,
              logger,
              credsFile: config.COREX_NATS_CREDS,
            }),
        },
        ReputationService,
      ],
      exports: [REPUTATION_CONFIG, LOGGER, EVENT_LOG],
    };
  }

  /** Runs after the service stopped, so the connection is closed last. */
  async onApplicationShutdown(): Promise<void> {
    await this.log.close();
  }
}
