import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { openEventLog, type EventLog } from '@corex/eventstore';
import { createLogger, type Logger } from '@corex/platform';
import type { SchedulerConfig } from './config';
import { NodeRegistryModule } from './node-registry.module';
import { EVENT_LOG, LOGGER, SCHEDULER_CONFIG } from './tokens';

/** Root module: configuration, logger and event log for every feature module. */
@Module({})
export class SchedulerModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_LOG) private readonly log: EventLog) {}

  static forRoot(config: SchedulerConfig): DynamicModule {
    return {
      module: SchedulerModule,
      global: true,
      imports: [NodeRegistryModule],
      providers: [
        { provide: SCHEDULER_CONFIG, useValue: config },
        { provide: LOGGER, useValue: createLogger('scheduler', config.LOG_LEVEL) },
        {
          provide: EVENT_LOG,
          inject: [LOGGER],
          useFactory: (logger: Logger) =>
            openEventLog({
              url: config.NATS_URL,
              service: 'scheduler',
              stream: config.COREX_STREAM,
              prefix: config.COREX_SUBJECT_PREFIX,
              logger,
            }),
        },
      ],
      exports: [SCHEDULER_CONFIG, LOGGER, EVENT_LOG],
    };
  }

  /** Runs after every module stopped listening, so the connection is closed last. */
  async onApplicationShutdown(): Promise<void> {
    await this.log.close();
  }
}
