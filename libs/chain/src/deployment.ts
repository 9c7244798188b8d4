import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CorexDeployment } from '@corex/chain-contracts';
import type { JsonRpcProvider } from 'ethers';
import { z } from 'zod';

const address = z.string().length(42).regex(/^0x[0-9a-fA-F]{40}$/, 'an 0x-prefixed 20-byte hex address');

/** The contracts of one Corex deployment (names as libs/chain-contracts' deployCorex returns them). */
export const deployedContractsSchema = z.object({
  token: address.describe('CorexToken (CXT), ERC-20 with permit and votes, 18 decimals'),
  stakingPool: address.describe('StakingPool: stake per node id, boost, verifier threshold, slashing'),
  miningPool: address.describe('MiningPool: deposits, epoch reward roots, claim and claimFor'),
  proofRegistry: address.describe('ProofRegistry: per-epoch Proof-of-Compute roots and model records'),
  governor: address.describe('CorexGovernor: stake-weighted proposals and votes'),
  timelock: address.describe('TimelockController: owns the tunable parameters'),
});
export type DeployedContracts = z.output<typeof deployedContractsSchema>;

/** The bridge contracts on one EVM chain (docs: the multichain plan, issue 14). */
export const bridgeContractsSchema = z.object({
  wormholeCore: address.describe('The Wormhole core (proxy) the chain publishes and verifies messages with'),
  taskPortal: address.optional().describe('TaskPortal: tasks submitted on this chain, their escrow and statuses'),
  peerToken: address.optional().describe('CorexPeerToken: CXT minted from the home chain (remote chains only)'),
  hub: address.optional().describe('CorexHub: receives tasks, publishes statuses, locks CXT (home chain only)'),
});
export type BridgeContracts = z.output<typeof bridgeContractsSchema>;

/** One EVM chain of the network, home included. */
export const bridgeChainSchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/),
  evmChainId: z.number().int().positive(),
  wormholeChainId: z.number().int().min(1).max(65535),
  /** What the services use; may carry a provider key: never shown publicly. */
  rpcUrl: z.string().url().max(2048),
  /** An endpoint users may be shown (GET /v1/network); absent: none is shown. */
  publicRpcUrl: z.string().url().max(2048).optional(),
  deployedAtBlock: z.number().int().min(0),
  contracts: bridgeContractsSchema,
});
export type BridgeChain = z.output<typeof bridgeChainSchema>;

/** Corex on Solana (Wormhole chain 1): the CXT SPL mint and the task escrow. */
export const solanaDeploymentSchema = z.object({
  rpcUrl: z.string().url().max(2048),
  publicRpcUrl: z.string().url().max(2048).optional(),
  mint: z.string().regex(/^[1-9A-HJ-NP-Za-km-z]{32,44}$/, 'a base58 public key'),
  escrow: z.string().regex(/^[1-9A-HJ-NP-Za-km-z]{32,44}$/, 'a base58 public key'),
  authority: z.string().regex(/^[1-9A-HJ-NP-Za-km-z]{32,44}$/, 'a base58 public key').optional(),
});
export type SolanaDeployment = z.output<typeof solanaDeploymentSchema>;

/** The guardians whose signatures the cores accept, and where signed VAAs are fetched. */
export const wormholeSettingsSchema = z.object({
  guardianSetIndex: z.number().int().min(0),
  guardians: z.array(address).min(1).max(19),
  /** The guardian API (GET /v1/signed_vaa/{chain}/{emitter}/{sequence}). */
  guardianApiUrl: z.string().url().max(2048).optional(),
});
export type WormholeSettings = z.output<typeof wormholeSettingsSchema>;

/**
 * The deployment file (`.corex/deployment.json` under `npm start`): what services and dApps need
 * to find the chain. Written by the deploying script, read by every service.
 */
export const deploymentFileSchema = z.object({
  chainId: z.number().int().positive(),
  rpcUrl: z.string().url().max(2048),
  contracts: deployedContractsSchema,
  /** Where event followers start. */
  deployedAtBlock: z.number().int().min(0),
  /** MiningPool epoch length in seconds when deployed (governance may change it: the chain has the current one). */
  epochLength: z.number().int().positive(),
  deployedAt: z.string().max(40),
  /** Addresses (never keys) of the roles, so services can check they hold the right key. */
  roles: z.object({ deployer: address, operator: address }).optional(),
  /** The demo customer's wallet, funded with CXT on the local chain. */
  demoWallet: address.optional(),
  /** Written by `npm start` for its own anvils: the dev mnemonic's keys may sign there (chainFromEnv). */
  local: z.boolean().optional(),
  /** Every EVM chain of the network (home first) with its Wormhole core and bridge contracts; absent before the bridge. */
  chains: z.array(bridgeChainSchema).max(16).optional(),
  wormhole: wormholeSettingsSchema.optional(),
  solana: solanaDeploymentSchema.optional(),
});
export type DeploymentFile = z.output<typeof deploymentFileSchema>;

/** What the deployment file records of a fresh deployCorex deployment reached at `rpcUrl`. */
export function deploymentRecord(
  deployed: CorexDeployment,
  rpcUrl: string,
  epochLength: number,
  extra: Pick<DeploymentFile, 'roles' | 'demoWallet'> = {},
): DeploymentFile {
  const { chainId, deployedAtBlock, ...contracts } = deployed;
  return { chainId, rpcUrl, contracts, deployedAtBlock, epochLength, deployedAt: new Date().toISOString(), ...extra };
}

/** The file's deployment, or undefined when there is none; a file that is not one throws. */
export async function readDeploymentFile(file: string): Promise<DeploymentFile | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  return deploymentFileSchema.parse(JSON.parse(text));
}

/** Written whole or not at all (a reader never sees half a file). */
export async function writeDeploymentFile(file: string, deployment: DeploymentFile): Promise<void> {
  const valid = deploymentFileSchema.parse(deployment);
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(valid, null, 2)}\n`);
  await rename(tmp, file);
}

/** Whether the chain behind `provider` is the deployment's and holds code at every address. */
export async function deploymentAnswers(provider: JsonRpcProvider, deployment: Pick<DeploymentFile, 'chainId' | 'contracts'>): Promise<boolean> {
  return contractsAnswer(provider, deployment.chainId, Object.values(deployment.contracts));
}

/** Whether the chain behind `provider` has id `chainId` and code at every address. */
export async function contractsAnswer(provider: JsonRpcProvider, chainId: number, addresses: string[]): Promise<boolean> {
  if (Number(await provider.send('eth_chainId', [])) !== chainId) return false;
  const codes = await Promise.all(addresses.map((a) => provider.getCode(a)));
  return codes.every((code) => code !== '0x');
}
