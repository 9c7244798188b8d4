import { parseEther, type JsonRpcProvider, type Wallet } from 'ethers';
import { connectCorex, deployCorex, type DeployCorexOptions } from '@corex/chain-contracts';
import { deploymentAnswers, deploymentRecord, readDeploymentFile, writeDeploymentFile, type DeploymentFile } from './deployment';

export interface EnsureDeploymentOptions {
  file: string;
  provider: JsonRpcProvider;
  /** The RPC URL written to the file (what services and dApps use). */
  rpcUrl: string;
  /** Deploys when nothing answers; undefined: a missing deployment is an error. */
  deployer?: Wallet;
  /** Gets the settler, anchor, slasher and binder roles. */
  operator: string;
  /** MiningPool epoch length in seconds, for a new deployment. */
  epochLength: number;
  /** Funded up to `demoFunding` CXT from the deployer (the supply's holder). */
  demoWallet?: string;
  demoFunding?: bigint;
  deployOptions?: Partial<DeployCorexOptions>;
  /** `npm start`'s own chain: recorded as `local` (chainFromEnv then takes the dev mnemonic's keys). */
  local?: boolean;
}

export interface EnsuredDeployment {
  deployment: DeploymentFile;
  reused: boolean;
  /** CXT sent to the demo wallet this time (0 when it held enough). */
  funded: bigint;
}

/**
 * The deployment recorded in `file` when the chain still holds it (same chain id, code at every
 * address), else a new one by deployCorex, recorded there. Then tops the demo wallet up.
 */
export async function ensureDeployment(o: EnsureDeploymentOptions): Promise<EnsuredDeployment> {
  const recorded = await readDeploymentFile(o.file).catch(() => undefined);
  let deployment: DeploymentFile;
  let reused = false;
  if (recorded && (await deploymentAnswers(o.provider, recorded))) {
    deployment = recorded.rpcUrl === o.rpcUrl ? recorded : { ...recorded, rpcUrl: o.rpcUrl };
    reused = true;
  } else {
    if (!o.deployer) throw new Error(`no Corex deployment answers at ${o.rpcUrl} and no deployer key is set (COREX_DEPLOYER_KEY or COREX_DEPLOYER_KEY_FILE)`);
    const operator = o.operator;
    const deployed = await deployCorex(o.deployer, {
      settler: operator,
      anchor: operator,
      slasher: operator,
      binder: operator,
      epochLength: BigInt(o.epochLength),
      ...o.deployOptions,
    });
    deployment = deploymentRecord(deployed, o.rpcUrl, o.epochLength, { roles: { deployer: o.deployer.address, operator } });
  }
  if (o.demoWallet) deployment = { ...deployment, demoWallet: o.demoWallet };
  if (o.local) deployment = { ...deployment, local: true };
  await writeDeploymentFile(o.file, deployment);
  const funded = o.demoWallet && o.deployer ? await topUp(deployment, o.deployer, o.demoWallet, o.demoFunding ?? parseEther('100000')) : 0n;
  return { deployment, reused, funded };
}

async function topUp(deployment: DeploymentFile, holder: Wallet, wallet: string, target: bigint): Promise<bigint> {
  const token = connectCorex(deployment.contracts, holder).token;
  const balance = await token.balanceOf(wallet);
  if (balance >= target) return 0n;
  await (await token.transfer(wallet, target - balance)).wait();
  return target - balance;
}
