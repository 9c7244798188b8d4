import { decodeBase58, toBeHex, type JsonRpcProvider, type Signer } from 'ethers';
import { CorexHub__factory } from '@corex/chain-contracts';
import { deployWormholeCore, wormholeCoreAt } from '@corex/chain-contracts';
import type { EvmChainConfig } from './chains-config';
import { ensureBridgeContracts } from './ensure-bridge-contracts';
import { contractsAnswer, readDeploymentFile, writeDeploymentFile, type BridgeChain, type DeploymentFile, type SolanaDeployment } from './deployment';

export interface BridgeChainTarget {
  config: EvmChainConfig & { rpcUrl: string };
  provider: JsonRpcProvider;
  /** Deploys the bridge contracts, and (with `deployCore`) the Wormhole core where none answers and none is configured. */
  deployer?: Signer;
  /** Only on npm start's own chains: elsewhere the core is Wormhole's, and a missing one is an error. */
  deployCore?: boolean;
}

export interface EnsureBridgeChainsOptions {
  /** The deployment file ensureDeployment wrote for the home chain. */
  file: string;
  /** Home first. */
  chains: BridgeChainTarget[];
  /** Guardian set 0 of a core deployed here (the devnet guardian on local chains). */
  guardians: string[];
  guardianApiUrl?: string;
  solana?: SolanaDeployment;
  /** The bridge contracts (deployed when a deployer is on every chain): home's CXT and who gets BRIDGE_ROLE. */
  bridge?: { token: string; operator: string };
}

export interface EnsuredBridgeChains {
  deployment: DeploymentFile;
  /** Per chain name: reused (answers as recorded), configured (an existing core) or deployed. */
  outcome: Record<string, 'reused' | 'configured' | 'deployed'>;
  /** The bridge contracts: reused, deployed, or absent (no deployer, or not asked for). */
  bridge: 'reused' | 'deployed' | 'absent';
}

/**
 * Every chain's entry of the deployment file: the recorded one when its contracts still answer on
 * that chain, else the configured Wormhole core, else a core deployed with `guardians`; then the
 * bridge contracts (ensureBridgeContracts). The guardian set recorded is the home core's current
 * one, as the chain has it.
 */
export async function ensureBridgeChains(o: EnsureBridgeChainsOptions): Promise<EnsuredBridgeChains> {
  const recorded = await readDeploymentFile(o.file);
  if (!recorded) throw new Error(`${o.file} does not exist: deploy the home chain first (ensureDeployment)`);
  const outcome: EnsuredBridgeChains['outcome'] = {};
  let chains: BridgeChain[] = [];
  for (const target of o.chains) {
    const [entry, how] = await ensureChain(target, recorded.chains?.find((c) => c.name === target.config.name), o.guardians);
    chains.push(entry);
    outcome[target.config.name] = how;
  }
  let bridge: EnsuredBridgeChains['bridge'] = 'absent';
  if (o.bridge) {
    const targets = o.chains.map((t, i) => ({ chain: chains[i]!, provider: t.provider, deployer: t.deployer }));
    const ensured = await ensureBridgeContracts({ targets, token: o.bridge.token, bridge: o.bridge.operator });
    if (ensured) [chains, bridge] = [ensured.chains, ensured.reused ? 'reused' : 'deployed'];
    if (ensured && o.solana?.authority && home0(o).deployer) await registerSolanaPeer(chains[0]!, home0(o).deployer!, o.solana.authority);
  }
  const home = o.chains[0]!;
  const core = wormholeCoreAt(chains[0]!.contracts.wormholeCore, home.provider);
  const guardianSetIndex = Number(await core.getCurrentGuardianSetIndex!());
  const [guardians] = (await core.getGuardianSet!(guardianSetIndex)) as [string[], bigint];
  const deployment: DeploymentFile = {
    ...recorded,
    chains,
    wormhole: { guardianSetIndex, guardians: [...guardians], ...(o.guardianApiUrl ? { guardianApiUrl: o.guardianApiUrl } : {}) },
    ...(o.solana ? { solana: o.solana } : {}),
  };
  if (!o.solana) delete deployment.solana;
  await writeDeploymentFile(o.file, deployment);
  return { deployment, outcome, bridge };
}

const home0 = (o: EnsureBridgeChainsOptions) => o.chains[0]!;
const SOLANA_WORMHOLE_CHAIN = 1;

/**
 * The hub sends rewards to Solana only to a registered peer: there, the bridge authority mints
 * after checking the hub's VAA, so the authority's key is the peer (as 32 bytes).
 */
async function registerSolanaPeer(home: BridgeChain, deployer: Signer, authority: string): Promise<void> {
  const hubAddress = home.contracts.hub;
  if (!hubAddress) return;
  const hub = CorexHub__factory.connect(hubAddress, deployer);
  const peer = toBeHex(decodeBase58(authority), 32);
  if ((await hub.tokenPeerOf(SOLANA_WORMHOLE_CHAIN)).toLowerCase() !== peer) await (await hub.setTokenPeer(SOLANA_WORMHOLE_CHAIN, peer)).wait();
}

async function ensureChain(target: BridgeChainTarget, recorded: BridgeChain | undefined, guardians: string[]): Promise<[BridgeChain, EnsuredBridgeChains['outcome'][string]]> {
  const { config, provider } = target;
  const base = { name: config.name, evmChainId: config.evmChainId, wormholeChainId: config.wormholeChainId, rpcUrl: config.rpcUrl, ...(config.publicRpcUrl ? { publicRpcUrl: config.publicRpcUrl } : {}) };
  const sameChain = recorded && recorded.evmChainId === config.evmChainId && recorded.wormholeChainId === config.wormholeChainId;
  const configuredCore = config.wormholeCore;
  if (sameChain && (!configuredCore || configuredCore.toLowerCase() === recorded.contracts.wormholeCore.toLowerCase())) {
    if (await contractsAnswer(provider, config.evmChainId, Object.values(recorded.contracts).filter((a): a is string => !!a))) {
      return [{ ...base, deployedAtBlock: recorded.deployedAtBlock, contracts: recorded.contracts }, 'reused'];
    }
  }
  if (configuredCore) {
    if (!(await contractsAnswer(provider, config.evmChainId, [configuredCore]))) {
      throw new Error(`chain ${config.name}: no Wormhole core answers at ${configuredCore} on EVM chain ${config.evmChainId}`);
    }
    return [{ ...base, deployedAtBlock: await provider.getBlockNumber(), contracts: { wormholeCore: configuredCore } }, 'configured'];
  }
  if (!target.deployer || !target.deployCore) throw new Error(`chain ${config.name}: no Wormhole core answers as recorded, and none is configured (COREX_CHAINS wormholeCore)`);
  const deployed = await deployWormholeCore(target.deployer, { wormholeChainId: config.wormholeChainId, evmChainId: BigInt(config.evmChainId), guardians });
  return [{ ...base, deployedAtBlock: deployed.deployedAtBlock, contracts: { wormholeCore: deployed.address } }, 'deployed'];
}
