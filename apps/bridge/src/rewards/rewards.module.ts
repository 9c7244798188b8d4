import { readFile } from 'node:fs/promises';
import { Inject, Module, type DynamicModule, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { createSolanaRpc } from '@solana/kit';
import { z } from 'zod';
import { MiningPool__factory } from '@corex/chain-contracts';
import type { EventLog } from '@corex/eventstore';
import { loadConfig, type Logger } from '@corex/platform';
import { loadCorexSolanaKeys } from '@corex/solana-devnet';
import type { BridgeConfig } from '../config';
import type { BridgeNetwork } from '../network/bridge-network';
import { BRIDGE_NETWORK, EVENT_LOG, LOGGER } from '../tokens';
import { RewardCarrier } from './reward-carrier';
import { RewardIntake } from './reward-intake';
import { RewardLedger } from './reward-ledger';
import { rewardsConfigSchema, solanaLimits } from './rewards-config';
import { RewardsRunner } from './rewards-runner';
import { RouteBook } from './route-book';
import { SolanaDelivery } from './solana-delivery';

const REWARDS_RUNNER = Symbol('REWARDS_RUNNER');

/** The home chain's MiningPool as the deployment file records it. */
const homeContractsSchema = z.object({ contracts: z.object({ miningPool: z.string() }), deployedAtBlock: z.number().int().min(0) });

/**
 * Builds the rewards loop for a network: MiningPool's payments to the bridge, carried to each node's
 * chain; null (logged) when the deployment file records no MiningPool on the home chain.
 */
export async function openRewardsRunner(
  config: BridgeConfig,
  network: BridgeNetwork,
  log: EventLog,
  logger: Logger,
  options: { env?: NodeJS.ProcessEnv; now?: () => Date } = {},
): Promise<RewardsRunner | null> {
  const recorded = homeContractsSchema.safeParse(JSON.parse(await readFile(config.COREX_DEPLOYMENT_FILE!, 'utf8')));
  if (!recorded.success) {
    logger.warn('the deployment file records no MiningPool on the home chain: no rewards are carried');
    return null;
  }
  const deployment = recorded.data;
  const { home } = network;
  const ledger = new RewardLedger(log);
  let solana: SolanaDelivery | undefined;
  if (network.solana) {
    const { authority, deployment: solanaDeployment } = await loadCorexSolanaKeys(network.solana.authorityFile);
    solana = new SolanaDelivery({ rpc: createSolanaRpc(network.solana.rpcUrl), authority, deployment: solanaDeployment, limits: solanaLimits(loadConfig(rewardsConfigSchema, options.env)) });
  }
  const intake = new RewardIntake({
    miningPool: MiningPool__factory.connect(deployment.contracts.miningPool, home.provider),
    provider: home.provider,
    operator: home.signer.address,
    fromBlock: deployment.deployedAtBlock,
    confirmations: config.COREX_CHAIN_CONFIRMATIONS,
    routes: new RouteBook(log),
    ledger,
    logger,
  });
  const carrier = new RewardCarrier({ network, ledger, solana, logger, guardianTimeoutMs: config.COREX_GUARDIAN_TIMEOUT_MS, now: options.now });
  return new RewardsRunner({ intake, carrier, ledger, solana, logger, pollMs: config.COREX_CHAIN_POLL_MS });
}

/**
 * Nodes' rewards to the chain each chose (docs/bridge.md, "Rewards"): runs the RewardsRunner while the
 * service is up; without a chain it does nothing.
 */
@Module({})
export class RewardsModule implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(@Inject(REWARDS_RUNNER) private readonly runner: RewardsRunner | null) {}

  static forRoot(config: BridgeConfig): DynamicModule {
    return {
      module: RewardsModule,
      providers: [
        {
          provide: REWARDS_RUNNER,
          inject: [BRIDGE_NETWORK, EVENT_LOG, LOGGER],
          useFactory: (network: BridgeNetwork | null, log: EventLog, logger: Logger) => (network ? openRewardsRunner(config, network, log, logger) : null),
        },
      ],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.runner?.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.runner?.stop();
  }
}
