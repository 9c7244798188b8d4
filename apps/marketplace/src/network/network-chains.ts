import { HOME_CHAIN, SOLANA_WORMHOLE_CHAIN_ID, type DeploymentFile } from '@corex/chain';
import type { Network, NetworkChain } from './network.schema';

/**
 * The deployment file's chains as users may see them: addresses and ids, a chain's RPC URL only
 * when it was recorded as public (the one services use may carry a provider key).
 */
export function networkChains(deployment: DeploymentFile): NetworkChain[] {
  const evm = (deployment.chains ?? []).map(
    (c): NetworkChain => ({
      name: c.name,
      kind: 'evm',
      home: c.name === HOME_CHAIN,
      evmChainId: c.evmChainId,
      wormholeChainId: c.wormholeChainId,
      ...(c.publicRpcUrl ? { rpcUrl: c.publicRpcUrl } : {}),
      deployedAtBlock: c.deployedAtBlock,
      contracts: c.contracts,
    }),
  );
  const s = deployment.solana;
  if (!s) return evm;
  const solana = { mint: s.mint, escrow: s.escrow, ...(s.authority ? { authority: s.authority } : {}) };
  return [...evm, { name: 'solana', kind: 'solana', home: false, wormholeChainId: SOLANA_WORMHOLE_CHAIN_ID, ...(s.publicRpcUrl ? { rpcUrl: s.publicRpcUrl } : {}), solana }];
}

/** The guardians and their API; `guardianApiUrl` (COREX_GUARDIAN_API_URL of the marketplace) overrides the file's. */
export function networkWormhole(deployment: DeploymentFile, guardianApiUrl?: string): Network['wormhole'] {
  const w = deployment.wormhole;
  if (!w) return undefined;
  const api = guardianApiUrl ?? w.guardianApiUrl;
  return { guardianSetIndex: w.guardianSetIndex, guardians: w.guardians, ...(api ? { guardianApiUrl: api } : {}) };
}
