import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { chainFromEnv, type ChainFromEnv } from '@corex/chain';
import { openEventLog, type EventLog } from '@corex/eventstore';
import { createLogger, type Logger } from '@corex/platform';
import { openDataSource } from '@corex/projections';
import type { StakingConfig } from './config';
import { stakingMigrations } from './infrastructure/migrations';
import { CHAIN, DATA_SOURCE, EVENT_LOG, LOGGER, STAKING_CONFIG } from './tokens';

/** Root module: configuration, logger, event log, database and chain for every feature module. */
@Module({})
export class StakingModule implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_LOG) private readonly log: EventLog,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
  ) {}

  static forRoot(config: StakingConfig, features: DynamicModule[] = []): DynamicModule {
    return {
      module: StakingModule,
      global: true,
      imports: features,
      providers: [
        { provide: STAKING_CONFIG, useValue: config },
        { provide: LOGGER, useValue: createLogger('staking', config.LOG_LEVEL) },
        {
          provide: EVENT_LOG,
          inject: [LOGGER],
          useFactory: (logger: Logger) =>
            openEventLog({
              url: config.NATS_URL,
              service: 'staking',
              stream: config.COREX_STREAM,
              prefix: config.COREX_SUBJECT_PREFIX,
              logger,
              credsFile: config.COREX_NATS_CREDS,
            }),
        },
        {
          provide: DATA_SOURCE,
          useFactory: () => openDataSource({ url: config.DATABASE_URL, migrations: stakingMigrations, migrationsTableName: 'staking_migrations' }),
        },
        {
          provide: CHAIN,
          inject: [LOGGER],
          useFactory: async (logger: Logger): Promise<ChainFromEnv | null> => {
            if (!config.COREX_DEPLOYMENT_FILE) {
              logger.warn('COREX_DEPLOYMENT_FILE is not set: no chain is configured, the staking service follows and sends nothing');
              return null;
            }
            return chainFromEnv({ ...process.env, ...definedOnly(config) });
          },
        },
      ],
      exports: [STAKING_CONFIG, LOGGER, EVENT_LOG, DATA_SOURCE, CHAIN],
    };
  }

  /** Runs after every module stopped, so the connections are closed last. */
  async onApplicationShutdown(): Promise<void> {
    await this.log.close();
    await this.ds.destroy();
  }
}

/** The config's chain settings as env entries (a test passes them in the config, not the process env). */
function definedOnly(config: StakingConfig): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const key of ['COREX_DEPLOYMENT_FILE', 'COREX_RPC_URL', 'COREX_CHAIN_LOCAL'] as const) if (config[key] !== undefined) env[key] = config[key];
  return env;
}
