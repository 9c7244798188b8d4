import { HOME_CHAIN, readDeploymentFile } from '@corex/chain';
import type { MarketplaceConfig } from '../../config';
import type { ChainTx } from './operator.view.schema';

/** `name=https://explorer,name=…` (COREX_EXPLORER_URLS) as a map; a malformed entry is left out. */
export function explorerBases(setting: string | undefined): Map<string, string> {
  const bases = new Map<string, string>();
  for (const entry of (setting ?? '').split(',')) {
    const [name, url] = entry.split('=').map((s) => s.trim());
    if (name && url && /^https?:\/\/\S+$/.test(url)) bases.set(name, url.replace(/\/+$/, ''));
  }
  return bases;
}

/** Names each transaction's chain, with its EVM chain id from the deployment file and an explorer link when one is configured. */
export class ChainLinks {
  private constructor(
    private readonly chainIds: Map<string, number>,
    private readonly explorers: Map<string, string>,
  ) {}

  static async load(config: MarketplaceConfig): Promise<ChainLinks> {
    const chainIds = new Map<string, number>();
    const deployment = config.COREX_DEPLOYMENT_FILE ? await readDeploymentFile(config.COREX_DEPLOYMENT_FILE).catch(() => undefined) : undefined;
    if (deployment) {
      chainIds.set(HOME_CHAIN, deployment.chainId);
      for (const c of deployment.chains ?? []) chainIds.set(c.name, c.evmChainId);
    }
    return new ChainLinks(chainIds, explorerBases(config.COREX_EXPLORER_URLS));
  }

  tx(chain: string, txHash: string): ChainTx {
    const base = this.explorers.get(chain);
    return { chain, evmChainId: this.chainIds.get(chain) ?? null, txHash, explorerUrl: base ? `${base}/tx/${txHash}` : null };
  }

  home(txHash: string): ChainTx {
    return this.tx(HOME_CHAIN, txHash);
  }
}
