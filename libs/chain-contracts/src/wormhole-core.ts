import { Contract, ContractFactory, Interface, type Provider, type Signer } from 'ethers';
import { loadWormholeArtifacts, type WormholeArtifacts } from './build/wormhole';

export interface DeployWormholeCoreOptions {
  /** Wormhole's own chain id (2 Ethereum, 4 BSC, 23 Arbitrum), not the EVM chain id. */
  wormholeChainId: number;
  /** The EVM chain id the core checks itself against (fork detection). */
  evmChainId: bigint;
  /** Guardian set 0 (the devnet set: one guardian). */
  guardians: string[];
  /** Governance emitter (default: chain 1, address 0x…04, Wormhole's own convention). */
  governanceChainId?: number;
  governanceContract?: string;
  artifacts?: WormholeArtifacts;
}

export interface WormholeCoreDeployment {
  /** The proxy: the address every caller uses. */
  address: string;
  /** The proxy bound to the Implementation's ABI. */
  core: Contract;
  deployedAtBlock: number;
}

const DEFAULT_GOVERNANCE_CONTRACT = `0x${'00'.repeat(31)}04`;

/** Deploys the real Wormhole core (Setup, Implementation, ERC1967 proxy initialised through Setup.setup) as the Wormhole deployment scripts do. */
export async function deployWormholeCore(signer: Signer, options: DeployWormholeCoreOptions): Promise<WormholeCoreDeployment> {
  const artifacts = options.artifacts ?? loadWormholeArtifacts();
  const factory = (name: keyof WormholeArtifacts) => new ContractFactory(artifacts[name].abi as never, artifacts[name].bytecode, signer);
  const setup = await (await factory('Setup').deploy()).waitForDeployment();
  const firstBlock = (await setup.deploymentTransaction()!.wait())!.blockNumber;
  const implementation = await (await factory('Implementation').deploy()).waitForDeployment();
  const initData = new Interface(artifacts.Setup.abi as never).encodeFunctionData('setup', [
    await implementation.getAddress(),
    options.guardians,
    options.wormholeChainId,
    options.governanceChainId ?? 1,
    options.governanceContract ?? DEFAULT_GOVERNANCE_CONTRACT,
    options.evmChainId,
  ]);
  const proxy = await (await factory('Wormhole').deploy(await setup.getAddress(), initData)).waitForDeployment();
  const address = await proxy.getAddress();
  return { address, core: wormholeCoreAt(address, signer, artifacts), deployedAtBlock: firstBlock };
}

/** The core contract at `address`, with the Implementation's ABI. */
export function wormholeCoreAt(address: string, runner: Signer | Provider, artifacts: WormholeArtifacts = loadWormholeArtifacts()): Contract {
  return new Contract(address, artifacts.Implementation.abi as never, runner);
}

