import { HOME_CHAIN, type DeploymentFile, type SolanaDeployment } from '@corex/chain';
import { contractBook, type ContractBook } from './corex-logs';

/** Where one EVM chain of the deployment answers, and which of its contracts are Corex's. */
export interface EvmEndpoint {
  name: string;
  evmChainId: number;
  rpcUrl: string;
  contracts: ContractBook;
}

export type ChainLookup = { kind: 'evm'; endpoint: EvmEndpoint } | { kind: 'solana'; solana: SolanaDeployment } | { kind: 'unknown'; known: string[] };

/**
 * The chain `name` as the deployment file records it: the home chain (its RPC URL and the Corex
 * contracts at the top level, plus its bridge contracts), a remote EVM chain, or Solana.
 */
export function findChain(deployment: DeploymentFile, name: string): ChainLookup {
  const bridged = deployment.chains ?? [];
  if (name === HOME_CHAIN) {
    const home = bridged.find((c) => c.name === HOME_CHAIN);
    const contracts = contractBook({ ...home?.contracts, ...deployment.contracts });
    return { kind: 'evm', endpoint: { name, evmChainId: deployment.chainId, rpcUrl: deployment.rpcUrl, contracts } };
  }
  const chain = bridged.find((c) => c.name === name);
  if (chain) return { kind: 'evm', endpoint: { name, evmChainId: chain.evmChainId, rpcUrl: chain.rpcUrl, contracts: contractBook(chain.contracts) } };
  if (name === 'solana' && deployment.solana) return { kind: 'solana', solana: deployment.solana };
  const known = [HOME_CHAIN, ...bridged.map((c) => c.name).filter((n) => n !== HOME_CHAIN), ...(deployment.solana ? ['solana'] : [])];
  return { kind: 'unknown', known };
}
