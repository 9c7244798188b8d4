import { Contract, ContractFactory, ContractRunner, Signer, parseEther, zeroPadValue } from 'ethers';
import { Artifacts, loadArtifacts } from './build/compile';
import { CorexHub, CorexHub__factory, CorexPeerToken, CorexPeerToken__factory, TaskPortal, TaskPortal__factory } from './generated';

/** Inbound limits of CorexHub and CorexPeerToken (wei, wei, seconds). */
export interface RateLimits {
  dailyCap: bigint;
  largeTransferThreshold: bigint;
  largeTransferDelay: bigint;
}

export const DEFAULT_RATE_LIMITS: RateLimits = { dailyCap: parseEther('1000000'), largeTransferThreshold: parseEther('100000'), largeTransferDelay: 6n * 3600n };

/** One EVM chain of the bridge: a signer on it and its Wormhole core. */
export interface BridgeChainInput {
  signer: Signer;
  /** The Wormhole core proxy (see deployWormholeCore). */
  core: string;
  /** Receives the escrow of tasks completed from this chain's portal (default: the signer). */
  feeRecipient?: string;
  rateLimits?: Partial<RateLimits>;
}

export interface DeployBridgeOptions {
  home: BridgeChainInput & {
    /** CXT on the home chain. */
    token: string;
    /** Holds BRIDGE_ROLE on the hub (publishes statuses, sends rewards). */
    bridge: string;
  };
  remotes: BridgeChainInput[];
  artifacts?: Artifacts;
}

/** Bridge contracts on one chain. */
export interface BridgeChainDeployment {
  evmChainId: number;
  wormholeChainId: number;
  core: string;
  portal: string;
  /** Block of the first deployment transaction on this chain: where event followers start. */
  deployedAtBlock: number;
}

export interface BridgeDeployment {
  home: BridgeChainDeployment & { hub: string; token: string };
  remotes: (BridgeChainDeployment & { peerToken: string })[];
}

/** The 32-byte Wormhole universal address of an EVM address. */
export const universalAddress = (address: string): string => zeroPadValue(address, 32).toLowerCase();

/**
 * Deploys the bridge: CorexHub and a TaskPortal (escrow in CXT) on the home chain; a CorexPeerToken and a
 * TaskPortal (escrow in the peer token) on every remote chain; then registers the peers both ways (hub ←
 * portals and peer tokens; portals and peer tokens ← hub). Each deploying signer keeps the admin roles
 * (DEFAULT_ADMIN_ROLE, PARAMETER_ROLE) until governance takes them over.
 */
export async function deployBridgeContracts(options: DeployBridgeOptions): Promise<BridgeDeployment> {
  const artifacts = options.artifacts ?? loadArtifacts();
  const { home } = options;
  const homeAdmin = await home.signer.getAddress();
  const homeStart = await startOf(home);
  const homeLimits = { ...DEFAULT_RATE_LIMITS, ...home.rateLimits };
  const hubAddress = await deploy(artifacts, home.signer, 'CorexHub', home.core, home.token, homeAdmin, home.bridge, homeLimits.dailyCap, homeLimits.largeTransferThreshold, homeLimits.largeTransferDelay);
  const homePortal = await deploy(artifacts, home.signer, 'TaskPortal', home.core, home.token, homeAdmin, home.feeRecipient ?? homeAdmin);
  const hub = CorexHub__factory.connect(hubAddress, home.signer);
  const hubEmitter = universalAddress(hubAddress);
  await mined(hub.setPortal(homeStart.wormholeChainId, universalAddress(homePortal)));
  await mined(TaskPortal__factory.connect(homePortal, home.signer).setHub(homeStart.wormholeChainId, hubEmitter));

  const remotes: BridgeDeployment['remotes'] = [];
  for (const remote of options.remotes) {
    const start = await startOf(remote);
    const admin = await remote.signer.getAddress();
    const limits = { ...DEFAULT_RATE_LIMITS, ...remote.rateLimits };
    const peerToken = await deploy(artifacts, remote.signer, 'CorexPeerToken', remote.core, admin, limits.dailyCap, limits.largeTransferThreshold, limits.largeTransferDelay);
    const portal = await deploy(artifacts, remote.signer, 'TaskPortal', remote.core, peerToken, admin, remote.feeRecipient ?? admin);
    await mined(CorexPeerToken__factory.connect(peerToken, remote.signer).setHub(homeStart.wormholeChainId, hubEmitter));
    await mined(TaskPortal__factory.connect(portal, remote.signer).setHub(homeStart.wormholeChainId, hubEmitter));
    await mined(hub.setPortal(start.wormholeChainId, universalAddress(portal)));
    await mined(hub.setTokenPeer(start.wormholeChainId, universalAddress(peerToken)));
    remotes.push({ ...start, core: remote.core, portal, peerToken });
  }
  return { home: { ...homeStart, core: home.core, portal: homePortal, hub: hubAddress, token: home.token }, remotes };
}

/** Typed bridge contracts of one chain. */
export interface BridgeContracts {
  portal: TaskPortal;
  hub?: CorexHub;
  peerToken?: CorexPeerToken;
}

/** Connects the typed bindings of a chain's bridge contracts to a signer or provider. */
export function connectBridge(chain: { portal: string; hub?: string; peerToken?: string }, runner: ContractRunner): BridgeContracts {
  return {
    portal: TaskPortal__factory.connect(chain.portal, runner),
    hub: chain.hub ? CorexHub__factory.connect(chain.hub, runner) : undefined,
    peerToken: chain.peerToken ? CorexPeerToken__factory.connect(chain.peerToken, runner) : undefined,
  };
}

const CORE_CHAIN_ID_ABI = ['function chainId() view returns (uint16)'];

async function startOf(chain: BridgeChainInput): Promise<Omit<BridgeChainDeployment, 'core' | 'portal'>> {
  const provider = chain.signer.provider;
  if (!provider) throw new Error('deployBridgeContracts needs signers connected to providers');
  const [{ chainId }, deployedAtBlock, wormholeChainId] = await Promise.all([provider.getNetwork(), provider.getBlockNumber(), new Contract(chain.core, CORE_CHAIN_ID_ABI, provider).chainId() as Promise<bigint>]);
  return { evmChainId: Number(chainId), wormholeChainId: Number(wormholeChainId), deployedAtBlock };
}

async function deploy(artifacts: Artifacts, signer: Signer, name: string, ...args: unknown[]): Promise<string> {
  const artifact = artifacts[name];
  if (!artifact) throw new Error(`no compiled artifact for ${name}`);
  const contract = await new ContractFactory(artifact.abi as never, artifact.bytecode, signer).deploy(...args);
  await contract.waitForDeployment();
  return contract.getAddress();
}

async function mined(tx: Promise<{ wait(): Promise<unknown> }>): Promise<void> {
  await (await tx).wait();
}
