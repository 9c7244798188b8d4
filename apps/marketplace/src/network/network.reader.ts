import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Contract, type JsonRpcProvider } from 'ethers';
import { chainProvider, ChainUnavailableError, HOME_CHAIN, readDeploymentFile } from '@corex/chain';
import { CONFIG } from '../infrastructure/tokens';
import type { MarketplaceConfig } from '../config';
import type { Network } from './network.schema';
import { networkChains, networkWormhole } from './network-chains';

const MINING_POOL_VIEWS = ['function epochLength() view returns (uint256)', 'function currentEpoch() view returns (uint64)'];

/**
 * The chains as the deployment file names them, read afresh on each call (a redeploy needs no
 * restart), with the epoch figures from MiningPool itself since governance may change them.
 */
@Injectable()
export class NetworkReader implements OnModuleDestroy {
  private readonly providers = new Map<string, JsonRpcProvider>();

  constructor(@Inject(CONFIG) private readonly config: MarketplaceConfig) {}

  async read(): Promise<Network> {
    const file = this.config.COREX_DEPLOYMENT_FILE;
    if (!file) throw new ChainUnavailableError('CHAIN.NOT_CONFIGURED', 'no chain is configured for this marketplace (COREX_DEPLOYMENT_FILE is not set): job budgets are not reserved from deposits and nothing is paid on-chain');
    const deployment = await readDeploymentFile(file).catch((err: Error) => {
      throw new ChainUnavailableError('CHAIN.NOT_CONFIGURED', `the deployment file cannot be read: ${err.message.slice(0, 200)}`);
    });
    if (!deployment) throw new ChainUnavailableError('CHAIN.NOT_CONFIGURED', 'no chain is configured for this marketplace (the deployment file does not exist yet)');
    const provider = this.provider(deployment.rpcUrl, deployment.chainId);
    const pool = new Contract(deployment.contracts.miningPool, MINING_POOL_VIEWS, provider);
    try {
      const [epochLength, currentEpoch, blockNumber] = await Promise.all([pool.epochLength!() as Promise<bigint>, pool.currentEpoch!() as Promise<bigint>, provider.getBlockNumber()]);
      return {
        chainId: deployment.chainId,
        // COREX_RPC_URL may carry a provider key: the home chain's public URL when one is recorded.
        rpcUrl: deployment.chains?.find((c) => c.name === HOME_CHAIN)?.publicRpcUrl ?? deployment.rpcUrl,
        contracts: deployment.contracts,
        deployedAtBlock: deployment.deployedAtBlock,
        epochLength: Number(epochLength),
        currentEpoch: Number(currentEpoch),
        blockNumber,
        chains: networkChains(deployment),
        ...(deployment.wormhole ? { wormhole: networkWormhole(deployment, this.config.COREX_GUARDIAN_API_URL) } : {}),
      };
    } catch {
      throw new ChainUnavailableError('CHAIN.UNAVAILABLE', `the chain at ${deployment.rpcUrl} does not answer, or holds no MiningPool at ${deployment.contracts.miningPool}`, {
        retryable: true,
      });
    }
  }

  onModuleDestroy(): void {
    for (const p of this.providers.values()) p.destroy();
  }

  private provider(rpcUrl: string, chainId: number): JsonRpcProvider {
    const key = `${chainId} ${rpcUrl}`;
    let p = this.providers.get(key);
    if (!p) this.providers.set(key, (p = chainProvider(rpcUrl, chainId)));
    return p;
  }
}
