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
export async function deploymentAnswers(provider: JsonRpcProvider, deployment: DeploymentFile): Promise<boolean> {
  const chainId = Number(await provider.send('eth_chainId', []));
  if (chainId !== deployment.chainId) return false;
  const codes = await Promise.all(Object.values(deployment.contracts).map((a) => provider.getCode(a)));
  return codes.every((code) => code !== '0x');
}
