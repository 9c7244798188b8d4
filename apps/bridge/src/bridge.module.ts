import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { openEventLog, type EventLog } from '@corex/eventstore';
import { createLogger, type Logger } from '@corex/platform';
import { openDataSource } from '@corex/projections';
import type { BridgeConfig } from './config';
import { OpenApiController } from './http/openapi.controller';
import { bridgeMigrations } from './infrastructure/migrations';
import { openBridgeNetwork, type BridgeNetwork } from './network/bridge-network';
import { BRIDGE_CONFIG, BRIDGE_NETWORK, DATA_SOURCE, EVENT_LOG, LOGGER } from './tokens';

/** Root module: configuration, logger, event log, database and the network for every feature module. */
@Module({})
export class BridgeModule implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_LOG) private readonly log: EventLog,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(BRIDGE_NETWORK) private readonly network: BridgeNetwork | null,
  ) {}

  static forRoot(config: BridgeConfig, features: DynamicModule[] = []): DynamicModule {
    return {
      module: BridgeModule,
      global: true,
      imports: features,
      controllers: [OpenApiController],
      providers: [
        { provide: BRIDGE_CONFIG, useValue: config },
        { provide: LOGGER, useValue: createLogger('bridge', config.LOG_LEVEL) },
        {
          provide: EVENT_LOG,
          inject: [LOGGER],
          useFactory: (logger: Logger) =>
            openEventLog({ url: config.NATS_URL, service: 'bridge', stream: config.COREX_STREAM, prefix: config.COREX_SUBJECT_PREFIX, logger, credsFile: config.COREX_NATS_CREDS }),
        },
        {
          provide: DATA_SOURCE,
          useFactory: () => openDataSource({ url: config.DATABASE_URL, migrations: bridgeMigrations, migrationsTableName: 'bridge_migrations' }),
        },
        {
          provide: BRIDGE_NETWORK,
          inject: [DATA_SOURCE, LOGGER],
          useFactory: async (ds: DataSource, logger: Logger): Promise<BridgeNetwork | null> => {
            if (!config.COREX_DEPLOYMENT_FILE) {
              logger.warn('COREX_DEPLOYMENT_FILE is not set: no chain is configured, the bridge follows and sends nothing');
              return null;
            }
            return openBridgeNetwork(config, ds);
          },
        },
      ],
      exports: [BRIDGE_CONFIG, LOGGER, EVENT_LOG, DATA_SOURCE, BRIDGE_NETWORK],
    };
  }

  /** Runs after every module stopped, so the connections are closed last. */
  async onApplicationShutdown(): Promise<void> {
    this.network?.close();
    await this.log.close();
    await this.ds.destroy();
  }
}
