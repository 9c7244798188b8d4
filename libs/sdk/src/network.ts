import type { Provider } from 'ethers';
import type { Address } from '@solana/kit';
import type { SolanaRpc } from '@corex/solana-devnet';
import { SDK_CHAINS, type ChainName, type CorexClientConfig, type EvmChainConfig, type EvmChainName } from './chains';
import { SdkError } from './errors';

/** One chain as `GET /v1/network` describes it (the fields the SDK reads). */
export interface NetworkChainDescription {
  readonly name: string;
  readonly kind: 'evm' | 'solana';
  readonly evmChainId?: number;
  readonly wormholeChainId: number;
  readonly rpcUrl?: string;
  readonly contracts?: { readonly wormholeCore: string; readonly taskPortal?: string; readonly peerToken?: string; readonly hub?: string };
  readonly solana?: { readonly mint: string; readonly escrow: string; readonly authority?: string };
}

/** The marketplace's `GET /v1/network` answer (the fields the SDK reads). */
export interface NetworkDescription {
  readonly chains: readonly NetworkChainDescription[];
}

/** What the network description cannot tell: the bridge's URL, and RPC endpoints or clients of your own. */
export interface NetworkClientOptions {
  readonly bridgeUrl: string;
  /** RPC endpoints that replace (or stand in for absent) public ones, per chain. */
  readonly rpcUrls?: Partial<Record<ChainName, string>>;
  /** Providers for EVM reads, per chain (take precedence over URLs). */
  readonly providers?: Partial<Record<EvmChainName, Provider>>;
  readonly solanaRpc?: SolanaRpc;
  readonly fetch?: typeof fetch;
}

const known = (name: string): name is ChainName => (SDK_CHAINS as readonly string[]).includes(name);

/**
 * Builds a client configuration from a network description: every EVM chain with a TaskPortal, and Solana when its
 * mint, escrow and authority are listed. Chains the SDK does not know are skipped.
 */
export function configFromNetwork(network: NetworkDescription, options: NetworkClientOptions): CorexClientConfig {
  const evm: Partial<Record<EvmChainName, EvmChainConfig>> = {};
  let solana: CorexClientConfig['solana'];
  for (const chain of network.chains) {
    if (!known(chain.name)) continue;
    const rpcUrl = options.rpcUrls?.[chain.name] ?? chain.rpcUrl;
    if (chain.name === 'solana') {
      const s = chain.solana;
      if (s?.authority) solana = { rpcUrl, rpc: options.solanaRpc, mint: s.mint as Address, escrow: s.escrow as Address, authority: s.authority as Address };
    } else if (chain.contracts?.taskPortal && chain.evmChainId) {
      evm[chain.name] = { evmChainId: chain.evmChainId, portal: chain.contracts.taskPortal, rpcUrl, provider: options.providers?.[chain.name] };
    }
  }
  return { bridgeUrl: options.bridgeUrl, evm, solana, fetch: options.fetch };
}

/** Fetches `GET {marketplaceUrl}/v1/network` (public, no key). */
export async function fetchNetwork(marketplaceUrl: string, fetchImpl: typeof fetch = fetch): Promise<NetworkDescription> {
  const url = `${marketplaceUrl.replace(/\/+$/, '')}/v1/network`;
  let response: Response;
  try {
    response = await fetchImpl(url, { headers: { accept: 'application/json' } });
  } catch (error) {
    throw new SdkError('SDK.BRIDGE_UNAVAILABLE', `GET ${url} failed: ${(error as Error).message}`);
  }
  if (!response.ok) throw new SdkError('SDK.BRIDGE_UNAVAILABLE', `GET ${url} answered ${response.status}`);
  return (await response.json()) as NetworkDescription;
}
