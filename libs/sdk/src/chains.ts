import type { Provider } from 'ethers';
import type { Address } from '@solana/kit';
import type { SolanaRpc } from '@corex/solana-devnet';
import { SdkError } from './errors';

/** The chains a task can come from: the home chain (Ethereum), two remote EVM chains, and Solana. */
export const SDK_CHAINS = ['ethereum', 'bsc', 'arbitrum', 'solana'] as const;
/** A chain a task can come from. */
export type ChainName = (typeof SDK_CHAINS)[number];
/** The EVM chains among {@link ChainName}. */
export type EvmChainName = Exclude<ChainName, 'solana'>;

/** Where Corex is on one EVM chain. */
export interface EvmChainConfig {
  /** EIP-155 chain id (1 Ethereum, 56 BSC, 42161 Arbitrum): a signer on another chain is refused. */
  readonly evmChainId: number;
  /** The chain's TaskPortal (its escrow token and Wormhole core are read from it). */
  readonly portal: string;
  /** JSON-RPC endpoint used for reads (getTask, waitForStatus, readResult). */
  readonly rpcUrl?: string;
  /** A provider used for reads instead of `rpcUrl`. */
  readonly provider?: Provider;
}

/** Where Corex is on Solana (public addresses, as `GET /v1/network` lists them). */
export interface SolanaChainConfig {
  /** JSON-RPC endpoint of the cluster. */
  readonly rpcUrl?: string;
  /** An RPC client used instead of `rpcUrl` (`createSolanaRpc(url)`). */
  readonly rpc?: SolanaRpc;
  /** The CXT SPL mint (9 decimals). */
  readonly mint: Address;
  /** The escrow token account task payments go to. */
  readonly escrow: Address;
  /** The bridge authority: only its status memos count. */
  readonly authority: Address;
}

/** Everything a {@link CorexClient} needs: the bridge's URL and the chains it may use. */
export interface CorexClientConfig {
  /** Base URL of the Corex bridge (spec uploads, result documents), e.g. `http://127.0.0.1:8090`. */
  readonly bridgeUrl: string;
  readonly evm?: Partial<Record<EvmChainName, EvmChainConfig>>;
  readonly solana?: SolanaChainConfig;
  /** The fetch used for HTTP (default: the global one). */
  readonly fetch?: typeof fetch;
}

/** Asserts that `chain` is a chain name the SDK knows. */
export function assertChain(chain: string): asserts chain is ChainName {
  if (!(SDK_CHAINS as readonly string[]).includes(chain)) throw new SdkError('SDK.UNKNOWN_CHAIN', `unknown chain "${chain}": one of ${SDK_CHAINS.join(', ')}`);
}

/** The configuration of an EVM chain, or SDK.UNKNOWN_CHAIN when the client has none. */
export function evmChainOf(config: CorexClientConfig, chain: EvmChainName): EvmChainConfig {
  const found = config.evm?.[chain];
  if (!found) throw new SdkError('SDK.UNKNOWN_CHAIN', `the client has no TaskPortal for ${chain}`);
  return found;
}

/** The Solana configuration, or SDK.UNKNOWN_CHAIN when the client has none. */
export function solanaOf(config: CorexClientConfig): SolanaChainConfig {
  if (!config.solana) throw new SdkError('SDK.UNKNOWN_CHAIN', 'the client has no Solana deployment');
  return config.solana;
}
