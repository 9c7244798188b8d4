import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { openEventLog, type EventLog } from '@corex/eventstore';
import { createLogger, type Logger } from '@corex/platform';
import type { VerifierConfig } from './config';
import { createVerifierOps } from './ops/verifier-ops';
import { EVENT_LOG, LOGGER, VERIFIER_CONFIG, VERIFIER_OPS } from './tokens';

/** Root module: configuration, logger and event log for every feature module. */
@Module({})
export class VerifierModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_LOG) private readonly log: EventLog) {}

  static forRoot(config: VerifierConfig, features: DynamicModule[] = []): DynamicModule {
    return {
      module: VerifierModule,
      global: true,
      imports: features,
      providers: [
        { provide: VERIFIER_CONFIG, useValue: config },
        { provide: LOGGER, useValue: createLogger('verifier', config.LOG_LEVEL) },
        {
          provide: EVENT_LOG,
          inject: [LOGGER],
          useFactory: (logger: Logger) =>
            openEventLog({
              url: config.NATS_URL,
              service: 'verifier',
              stream: config.COREX_STREAM,
              prefix: config.COREX_SUBJECT_PREFIX,
              logger,
              credsFile: config.COREX_NATS_CREDS,
            }),
        },
        { provide: VERIFIER_OPS, inject: [EVENT_LOG], useFactory: createVerifierOps },
      ],
      exports: [VERIFIER_CONFIG, LOGGER, EVENT_LOG, VERIFIER_OPS],
    };
  }

  /** Runs after every module stopped, so the connection is closed last. */
  async onApplicationShutdown(): Promise<void> {
    await this.log.close();
  }
}
