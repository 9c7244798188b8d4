import { Wallet, type JsonRpcProvider } from 'ethers';
import { ChainUnavailableError } from './errors';
import { readDeploymentFile, type DeploymentFile } from './deployment';
import { chainKey } from './keys';
import { chainProvider } from './provider';

/** The local chain's id: the only one on which the dev mnemonic's keys are taken. */
export const LOCAL_CHAIN_ID = 31337;

export interface ChainFromEnv {
  deployment: DeploymentFile;
  provider: JsonRpcProvider;
  /** The services' operator (settler, anchor, slasher, binder), when a key is configured. */
  operator?: Wallet;
}

/**
 * What a service needs to use the chain, from its env: the deployment file
 * (COREX_DEPLOYMENT_FILE), a provider (COREX_RPC_URL, else the file's RPC URL) and the operator
 * key (dev key 1 when COREX_CHAIN_LOCAL=1 on chain 31337, else COREX_OPERATOR_KEY(_FILE)).
 */
export async function chainFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<ChainFromEnv> {
  const file = env.COREX_DEPLOYMENT_FILE;
  if (!file) throw new ChainUnavailableError('CHAIN.NOT_CONFIGURED', 'COREX_DEPLOYMENT_FILE is not set: no chain is configured');
  const deployment = await readDeploymentFile(file);
  if (!deployment) throw new ChainUnavailableError('CHAIN.NOT_CONFIGURED', `${file} does not exist: no chain is deployed yet`);
  const local = env.COREX_CHAIN_LOCAL === '1' && deployment.chainId === LOCAL_CHAIN_ID;
  const provider = chainProvider(env.COREX_RPC_URL ?? deployment.rpcUrl, deployment.chainId);
  const key = chainKey('operator', env, local);
  return { deployment, provider, operator: key ? new Wallet(key, provider) : undefined };
}
