import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { chainFromEnv, NonceSigner, type ChainFromEnv } from '@corex/chain';
import { openEventLog, type EventLog } from '@corex/eventstore';
import { createLogger, type Logger } from '@corex/platform';
import { openDataSource } from '@corex/projections';
import type { StakingConfig } from './config';
import { stakingMigrations } from './infrastructure/migrations';
import { CHAIN, DATA_SOURCE, EVENT_LOG, LOGGER, NONCE_SIGNER, STAKING_CONFIG } from './tokens';

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
        {
          provide: NONCE_SIGNER,
          inject: [CHAIN, DATA_SOURCE, LOGGER],
          useFactory: async (chain: ChainFromEnv | null, ds: DataSource, logger: Logger): Promise<NonceSigner | null> => {
            if (!chain) return null;
            if (!chain.operator) {
              logger.warn('no operator key (COREX_OPERATOR_KEY(_FILE), or COREX_CHAIN_LOCAL=1 on the local chain): the staking service sends no transactions');
              return null;
            }
            return NonceSigner.open({ ds, provider: chain.provider, wallet: chain.operator, chainId: chain.deployment.chainId });
          },
        },
      ],
      exports: [STAKING_CONFIG, LOGGER, EVENT_LOG, DATA_SOURCE, CHAIN, NONCE_SIGNER],
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
