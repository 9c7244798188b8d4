import { Wallet, type JsonRpcProvider } from 'ethers';
import { ChainUnavailableError } from './errors';
import { readDeploymentFile, type DeploymentFile } from './deployment';
import { chainKey } from './keys';
import { chainProvider } from './provider';

/** anvil's default chain id: a chain the dev mnemonic's keys are always taken on (with COREX_CHAIN_LOCAL=1). */
export const LOCAL_CHAIN_ID = 31337;

/**
 * Whether the dev mnemonic's (public) keys may sign: COREX_CHAIN_LOCAL=1 and either anvil's default
 * chain 31337, or a deployment `npm start` recorded as `local` for its own anvil (which runs with a
 * real chain id, 1 for the home chain) reached on a loopback address.
 */
export function isLocalDeployment(deployment: DeploymentFile, rpcUrl: string, env: NodeJS.ProcessEnv): boolean {
  if (env.COREX_CHAIN_LOCAL !== '1') return false;
  if (deployment.chainId === LOCAL_CHAIN_ID) return true;
  return deployment.local === true && isLoopback(rpcUrl);
}

function isLoopback(rpcUrl: string): boolean {
  try {
    const host = new URL(rpcUrl).hostname;
    return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
  } catch {
    return false;
  }
}

export interface ChainFromEnv {
  deployment: DeploymentFile;
  provider: JsonRpcProvider;
  /** The services' operator (settler, anchor, slasher, binder), when a key is configured. */
  operator?: Wallet;
}

/**
 * What a service needs to use the chain, from its env: the deployment file
 * (COREX_DEPLOYMENT_FILE), a provider (COREX_RPC_URL, else the file's RPC URL) and the operator
 * key (dev key 1 on npm start's local chain, isLocalDeployment; else COREX_OPERATOR_KEY(_FILE)).
 */
export async function chainFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<ChainFromEnv> {
  const file = env.COREX_DEPLOYMENT_FILE;
  if (!file) throw new ChainUnavailableError('CHAIN.NOT_CONFIGURED', 'COREX_DEPLOYMENT_FILE is not set: no chain is configured');
  const deployment = await readDeploymentFile(file);
  if (!deployment) throw new ChainUnavailableError('CHAIN.NOT_CONFIGURED', `${file} does not exist: no chain is deployed yet`);
  const rpcUrl = env.COREX_RPC_URL ?? deployment.rpcUrl;
  const local = isLocalDeployment(deployment, rpcUrl, env);
  const provider = chainProvider(rpcUrl, deployment.chainId);
  const key = chainKey('operator', env, local);
  return { deployment, provider, operator: key ? new Wallet(key, provider) : undefined };
}
