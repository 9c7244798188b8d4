import { Inject, Module, type DynamicModule, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { ChainFromEnv, NonceSigner } from '@corex/chain';
import { nodeIdToBytes32 } from '@corex/chain-contracts';
import type { EventLog } from '@corex/eventstore';
import type { Logger } from '@corex/platform';
import type { StakingConfig } from '../config';
import { CHAIN_INGEST } from '../ingest/ingest.module';
import type { ChainIngest } from '../ingest/chain-ingest';
import { CHAIN, EVENT_LOG, LOGGER, NONCE_SIGNER } from '../tokens';
import { BindPayoutServer } from './bind-payout.server';
import { SetPayoutRouteServer } from './set-payout-route.server';

const BIND_PAYOUT_SERVER = Symbol('BIND_PAYOUT_SERVER');
const SET_PAYOUT_ROUTE_SERVER = Symbol('SET_PAYOUT_ROUTE_SERVER');

/** Whether a node id is registered (the ingest's id keys). */
function registeredIn(ingest: ChainIngest | null) {
  return async (nodeId: string): Promise<boolean> => {
    if (!ingest) return false;
    const key = nodeIdToBytes32(nodeId).toLowerCase();
    if (!ingest.keys.nodeIdOf(key)) await ingest.keys.settle();
    return ingest.keys.nodeIdOf(key) === nodeId;
  };
}

/**
 * Answers nodes' `bind-payout` (BindPayoutServer) and `set-payout-route` (SetPayoutRouteServer)
 * messages; without a chain it refuses them with NODE.NO_CHAIN.
 */
@Module({})
export class PayoutModule implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    @Inject(BIND_PAYOUT_SERVER) private readonly server: BindPayoutServer,
    @Inject(SET_PAYOUT_ROUTE_SERVER) private readonly routes: SetPayoutRouteServer,
  ) {}

  static forRoot(config: StakingConfig): DynamicModule {
    return {
      module: PayoutModule,
      providers: [
        {
          provide: BIND_PAYOUT_SERVER,
          inject: [EVENT_LOG, CHAIN, NONCE_SIGNER, LOGGER, CHAIN_INGEST],
          useFactory: (log: EventLog, chain: ChainFromEnv | null, signer: NonceSigner | null, logger: Logger, ingest: ChainIngest | null) =>
            new BindPayoutServer({
              log,
              chain,
              signer,
              logger,
              prefix: config.COREX_SUBJECT_PREFIX,
              isRegistered: registeredIn(ingest),
            }),
        },
        {
          provide: SET_PAYOUT_ROUTE_SERVER,
          inject: [EVENT_LOG, CHAIN, NONCE_SIGNER, LOGGER, CHAIN_INGEST],
          useFactory: (log: EventLog, chain: ChainFromEnv | null, signer: NonceSigner | null, logger: Logger, ingest: ChainIngest | null) =>
            new SetPayoutRouteServer({
              log,
              chain,
              signer,
              logger,
              prefix: config.COREX_SUBJECT_PREFIX,
              bridgePayout: config.COREX_BRIDGE_PAYOUT_ADDRESS,
              isRegistered: registeredIn(ingest),
            }),
        },
      ],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.server.start();
    await this.routes.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.server.close();
    await this.routes.close();
  }
}
