import { readFile } from 'node:fs/promises';
import { JsonRpcProvider, Wallet } from 'ethers';
import type { DataSource } from 'typeorm';
import { chainProvider, deploymentFileSchema, devPrivateKey, NonceSigner } from '@corex/chain';
import { connectBridge, type BridgeContracts } from '@corex/chain-contracts';
import { ValidationError } from '@corex/platform';
import type { GuardianSet } from '@corex/wormhole';
import type { BridgeConfig } from '../config';

/** Dev account of the bridge on npm start's local chains (0 deployer, 1 operator, 2 demo customer). */
export const LOCAL_BRIDGE_ACCOUNT = 3;

/** One EVM chain as the bridge uses it: contracts, a provider and the bridge's one signer there. */
export interface BridgeEvmChain {
  name: string;
  evmChainId: number;
  wormholeChainId: number;
  home: boolean;
  deployedAtBlock: number;
  core: string;
  portal: string;
  hub?: string;
  provider: JsonRpcProvider;
  signer: NonceSigner;
  contracts: BridgeContracts;
}

/** What the bridge knows of the network: every EVM chain (home first), the guardians, Solana. */
export interface BridgeNetwork {
  chains: BridgeEvmChain[];
  home: BridgeEvmChain & { hub: string };
  guardianSets: Map<number, GuardianSet>;
  guardianApiUrl: string;
  solana?: { rpcUrl: string; authorityFile: string };
  close(): void;
}

/** The parts of the deployment file the bridge reads (it does not need the home chain's Corex contracts). */
const bridgeDeploymentSchema = deploymentFileSchema.pick({ chains: true, wormhole: true, solana: true, local: true });

const envName = (name: string) => name.toUpperCase().replace(/-/g, '_');

function isLoopback(rpcUrl: string): boolean {
  const host = new URL(rpcUrl).hostname;
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** The bridge's key: COREX_BRIDGE_KEY(_FILE), or dev account 3 on npm start's local chains. */
export async function bridgeKey(config: BridgeConfig, local: boolean): Promise<string | undefined> {
  const key = config.COREX_BRIDGE_KEY ?? (config.COREX_BRIDGE_KEY_FILE ? (await readFile(config.COREX_BRIDGE_KEY_FILE, 'utf8')).trim() : undefined);
  if (key !== undefined && !/^0x[0-9a-fA-F]{64}$/.test(key)) throw new ValidationError('CHAIN.KEY_INVALID', 'COREX_BRIDGE_KEY(_FILE) is not a 0x-prefixed 32-byte hex key');
  return key ?? (local ? devPrivateKey(LOCAL_BRIDGE_ACCOUNT) : undefined);
}

/**
 * Reads the network from the deployment file (chains, wormhole, solana), RPC URLs overridden by
 * COREX_RPC_URL (home) and COREX_RPC_URL_<NAME>, and opens one NonceSigner per chain for the bridge key.
 */
export async function openBridgeNetwork(config: BridgeConfig, ds: DataSource): Promise<BridgeNetwork> {
  const file = config.COREX_DEPLOYMENT_FILE!;
  const deployment = bridgeDeploymentSchema.parse(JSON.parse(await readFile(file, 'utf8')));
  if (!deployment.chains?.length || !deployment.wormhole) throw new ValidationError('BRIDGE.NOT_DEPLOYED', `${file} records no bridge chains or guardians`);
  // Dev keys only on npm start's own chains: recorded local, asked for, and reached on a loopback address.
  const local = config.COREX_CHAIN_LOCAL === '1' && deployment.local === true && deployment.chains.every((c) => isLoopback(c.rpcUrl));
  const key = await bridgeKey(config, local);
  if (!key) throw new ValidationError('BRIDGE.NO_KEY', 'the bridge needs a key: COREX_BRIDGE_KEY or COREX_BRIDGE_KEY_FILE');
  const env = config as unknown as Record<string, string | undefined>;
  const chains: BridgeEvmChain[] = [];
  for (const [i, c] of deployment.chains.entries()) {
    const home = i === 0;
    const rpcUrl = (home ? config.COREX_RPC_URL : env[`COREX_RPC_URL_${envName(c.name)}`]) ?? c.rpcUrl;
    const provider = chainProvider(rpcUrl, c.evmChainId);
    const wallet = new Wallet(key, provider);
    const signer = await NonceSigner.open({ ds, provider, wallet, chainId: c.evmChainId });
    if (!c.contracts.taskPortal) throw new ValidationError('BRIDGE.NOT_DEPLOYED', `chain ${c.name} has no TaskPortal`);
    const addresses = { portal: c.contracts.taskPortal, hub: c.contracts.hub, peerToken: c.contracts.peerToken };
    chains.push({
      name: c.name,
      evmChainId: c.evmChainId,
      wormholeChainId: c.wormholeChainId,
      home,
      deployedAtBlock: c.deployedAtBlock,
      core: c.contracts.wormholeCore,
      portal: c.contracts.taskPortal,
      hub: c.contracts.hub,
      provider,
      signer,
      contracts: connectBridge(addresses, provider),
    });
  }
  const home = chains[0];
  if (!home.hub) throw new ValidationError('BRIDGE.NOT_DEPLOYED', `the home chain ${home.name} has no CorexHub`);
  const guardianApiUrl = config.COREX_GUARDIAN_API_URL ?? deployment.wormhole.guardianApiUrl;
  if (!guardianApiUrl) throw new ValidationError('BRIDGE.NO_GUARDIAN', 'no guardian API: COREX_GUARDIAN_API_URL or wormhole.guardianApiUrl');
  const solanaRpc = config.COREX_SOLANA_RPC_URL ?? deployment.solana?.rpcUrl;
  return {
    chains,
    home: home as BridgeEvmChain & { hub: string },
    guardianSets: new Map([[deployment.wormhole.guardianSetIndex, { keys: deployment.wormhole.guardians }]]),
    guardianApiUrl,
    solana: solanaRpc && config.COREX_SOLANA_AUTHORITY_FILE ? { rpcUrl: solanaRpc, authorityFile: config.COREX_SOLANA_AUTHORITY_FILE } : undefined,
    close: () => chains.forEach((c) => c.provider.destroy()),
  };
}
