import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { ensureUploadStream, openEventLog, type EventLog } from '@corex/eventstore';
import { createLogger, type Logger } from '@corex/platform';
import type { SchedulerConfig } from './config';
import { NodeRegistryModule } from './node-registry.module';
import { SchedulerRuntime } from './runtime/scheduler-runtime';
import { boundedAuditOf } from './node-gate/bounded-audit';
import { createSchedulerOps } from './ops/scheduler-ops';
import { EVENT_LOG, LOGGER, REFUSAL_AUDIT, SCHEDULER_CONFIG, SCHEDULER_OPS, SCHEDULER_RUNTIME } from './tokens';
import { WorkService } from './work/work.service';

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
          useFactory: async (logger: Logger) => {
            const log = await openEventLog({
              url: config.NATS_URL,
              service: 'scheduler',
              stream: config.COREX_STREAM,
              prefix: config.COREX_SUBJECT_PREFIX,
              logger,
              credsFile: config.COREX_NATS_CREDS,
            });
            // Nodes upload results there and may not declare streams themselves.
            await ensureUploadStream(log.jsm, config.COREX_SUBJECT_PREFIX, config.COREX_UPLOAD_MAX_AGE_MS);
            return log;
          },
        },
        {
          provide: SCHEDULER_RUNTIME,
          inject: [EVENT_LOG],
          useFactory: (log: EventLog) =>
            new SchedulerRuntime(
              log,
              {
                leaseTtlMs: config.COREX_LEASE_TTL_MS,
                heartbeatTimeoutMs: config.COREX_HEARTBEAT_TIMEOUT_MS,
                maxFailedAttempts: config.COREX_MAX_FAILED_ATTEMPTS,
                verification: config.COREX_VERIFICATION,
              },
              config.COREX_RECENT_RESULTS_BYTES,
            ),
        },
        { provide: REFUSAL_AUDIT, inject: [EVENT_LOG, LOGGER], useFactory: (log: EventLog, logger: Logger) => boundedAuditOf(log, logger, config) },
        { provide: SCHEDULER_OPS, inject: [EVENT_LOG, SCHEDULER_RUNTIME], useFactory: createSchedulerOps },
        WorkService,
      ],
      exports: [SCHEDULER_CONFIG, LOGGER, EVENT_LOG, SCHEDULER_RUNTIME, REFUSAL_AUDIT, SCHEDULER_OPS],
    };
  }

  /** Runs after every module stopped listening, so the connection is closed last. */
  async onApplicationShutdown(): Promise<void> {
    await this.log.close();
  }
}
