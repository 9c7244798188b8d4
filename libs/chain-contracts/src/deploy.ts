import { ContractFactory, ContractRunner, Signer, ZeroAddress, parseEther } from 'ethers';
import { Artifacts, loadArtifacts } from './build/compile';
import {
  CorexGovernor,
  CorexGovernor__factory,
  CorexToken,
  CorexToken__factory,
  MiningPool,
  MiningPool__factory,
  ProofRegistry,
  ProofRegistry__factory,
  StakingPool,
  StakingPool__factory,
  TimelockController,
  TimelockController__factory,
} from './generated';

/** Where a Corex deployment lives. */
export interface CorexAddresses {
  token: string;
  stakingPool: string;
  miningPool: string;
  proofRegistry: string;
  governor: string;
  timelock: string;
}

export interface CorexDeployment extends CorexAddresses {
  chainId: number;
  /** Block of the first deployment transaction: where event followers start. */
  deployedAtBlock: number;
}

export interface DeployCorexOptions {
  /** Operator addresses: SETTLER_ROLE (MiningPool), ANCHOR_ROLE (ProofRegistry), SLASHER_ROLE and BINDER_ROLE (StakingPool). */
  settler: string;
  anchor: string;
  slasher: string;
  binder: string;
  /** Receives the whole CXT supply (default: the deploying signer). */
  initialHolder?: string;
  /** Fixed CXT supply in wei (default 1,000,000,000 CXT). */
  supply?: bigint;
  /** Receives slashed stake (default: the timelock, i.e. governance). */
  treasury?: string;
  staking?: Partial<StakingParameters>;
  /** MiningPool epoch length in seconds (default 3600). */
  epochLength?: bigint;
  governance?: Partial<{ timelockDelay: bigint; votingDelay: bigint; votingPeriod: bigint; proposalThreshold: bigint; quorumPercent: bigint }>;
  /** Precompiled artifacts (default: loadArtifacts()). */
  artifacts?: Artifacts;
}

/** StakingPool parameters (all governed): CXT amounts in wei, the cooldown in seconds, the slash cap in basis points. */
export interface StakingParameters {
  minStake: bigint;
  maxBoostStake: bigint;
  verifierThreshold: bigint;
  unstakeCooldown: bigint;
  maxSlashBps: bigint;
}

export const DEFAULT_SUPPLY = parseEther('1000000000');
export const DEFAULT_STAKING: StakingParameters = {
  minStake: parseEther('1000'),
  maxBoostStake: parseEther('100000'),
  verifierThreshold: parseEther('10000'),
  unstakeCooldown: 7n * 24n * 3600n,
  maxSlashBps: 5_000n,
};
export const DEFAULT_GOVERNANCE = { timelockDelay: 2n * 24n * 3600n, votingDelay: 1n, votingPeriod: 50_400n, proposalThreshold: 0n, quorumPercent: 4n };

/**
 * Deploys CXT, the timelock, StakingPool, MiningPool, ProofRegistry and the Governor, then wires the
 * roles: the timelock holds every admin and parameter role, the Governor proposes and cancels on the
 * timelock (anyone executes), the operator addresses get their roles, and the deployer keeps no role.
 */
export async function deployCorex(signer: Signer, options: DeployCorexOptions): Promise<CorexDeployment> {
  const artifacts = options.artifacts ?? loadArtifacts();
  const deployer = await signer.getAddress();
  const provider = signer.provider;
  if (!provider) throw new Error('deployCorex needs a signer connected to a provider');
  const staking = { ...DEFAULT_STAKING, ...options.staking };
  const gov = { ...DEFAULT_GOVERNANCE, ...options.governance };
  const deploy = async (name: string, ...args: unknown[]): Promise<string> => {
    const { abi, bytecode } = artifacts[name] ?? missing(name);
    const contract = await new ContractFactory(abi as never, bytecode, signer).deploy(...args);
    await contract.waitForDeployment();
    return contract.getAddress();
  };
  const send = async (tx: Promise<{ wait(): Promise<unknown> }>): Promise<void> => {
    await (await tx).wait();
  };

  const deployedAtBlock = await provider.getBlockNumber();
  const token = await deploy('CorexToken', options.initialHolder ?? deployer, options.supply ?? DEFAULT_SUPPLY);
  const timelock = await deploy('TimelockController', gov.timelockDelay, [], [ZeroAddress], deployer);
  const treasury = options.treasury ?? timelock;
  const stakingPool = await deploy(
    'StakingPool',
    token,
    deployer,
    timelock,
    treasury,
    staking,
  );
  const miningPool = await deploy('MiningPool', token, deployer, timelock, options.epochLength ?? 3600n);
  const proofRegistry = await deploy('ProofRegistry', deployer);
  const governor = await deploy('CorexGovernor', stakingPool, timelock, gov.votingDelay, gov.votingPeriod, gov.proposalThreshold, gov.quorumPercent);

  const c = connectCorex({ token, stakingPool, miningPool, proofRegistry, governor, timelock }, signer);
  await send(c.timelock.grantRole(await c.timelock.PROPOSER_ROLE(), governor));
  await send(c.timelock.grantRole(await c.timelock.CANCELLER_ROLE(), governor));
  await send(c.stakingPool.grantRole(await c.stakingPool.SLASHER_ROLE(), options.slasher));
  await send(c.stakingPool.grantRole(await c.stakingPool.BINDER_ROLE(), options.binder));
  await send(c.miningPool.grantRole(await c.miningPool.SETTLER_ROLE(), options.settler));
  await send(c.proofRegistry.grantRole(await c.proofRegistry.ANCHOR_ROLE(), options.anchor));
  for (const contract of [c.stakingPool, c.miningPool, c.proofRegistry]) {
    const admin = await contract.DEFAULT_ADMIN_ROLE();
    await send(contract.grantRole(admin, timelock));
    await send(contract.renounceRole(admin, deployer));
  }
  await send(c.timelock.renounceRole(await c.timelock.DEFAULT_ADMIN_ROLE(), deployer));

  const { chainId } = await provider.getNetwork();
  return { chainId: Number(chainId), deployedAtBlock, token, stakingPool, miningPool, proofRegistry, governor, timelock };
}

/** Typed contracts of a deployment. */
export interface CorexContracts {
  token: CorexToken;
  stakingPool: StakingPool;
  miningPool: MiningPool;
  proofRegistry: ProofRegistry;
  governor: CorexGovernor;
  timelock: TimelockController;
}

/** Connects the typed bindings of a deployment to a signer or provider. */
export function connectCorex(addresses: CorexAddresses, runner: ContractRunner): CorexContracts {
  return {
    token: CorexToken__factory.connect(addresses.token, runner),
    stakingPool: StakingPool__factory.connect(addresses.stakingPool, runner),
    miningPool: MiningPool__factory.connect(addresses.miningPool, runner),
    proofRegistry: ProofRegistry__factory.connect(addresses.proofRegistry, runner),
    governor: CorexGovernor__factory.connect(addresses.governor, runner),
    timelock: TimelockController__factory.connect(addresses.timelock, runner),
  };
}

function missing(name: string): never {
  throw new Error(`no compiled artifact for ${name}`);
}
