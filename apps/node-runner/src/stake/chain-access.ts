import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Wallet } from 'ethers';
import { chainProvider, readDeploymentFile, type DeployedContracts } from '@corex/chain';
import { IDENTITY_FILE } from '../identity/node-identity';

/** Where Corex lives on its chain: from the deployment file or the marketplace's GET /v1/network. */
export interface ChainTarget {
  readonly chainId: number;
  readonly rpcUrl: string;
  readonly contracts: DeployedContracts;
  readonly deployedAtBlock: number;
}

/** A refusal of the operator's own making (no key, no chain, bad amount): exit code 64 or 1, never a stack. */
export class StakeSetupError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * COREX_DEPLOYMENT_FILE when set (what the services read), else GET `<api>/v1/network` (public,
 * no API key). The RPC URL can be overridden (e.g. a node behind NAT reaching the chain elsewhere).
 */
export async function resolveChain(opts: { deploymentFile?: string; apiUrl?: string; rpcUrl?: string }): Promise<ChainTarget> {
  if (opts.deploymentFile) {
    const file = await readDeploymentFile(opts.deploymentFile);
    if (!file) throw new StakeSetupError('STAKE.NO_CHAIN', `no deployment file at ${opts.deploymentFile}`);
    return { chainId: file.chainId, rpcUrl: opts.rpcUrl ?? file.rpcUrl, contracts: file.contracts, deployedAtBlock: file.deployedAtBlock };
  }
  if (!opts.apiUrl) throw new StakeSetupError('STAKE.NO_CHAIN', 'where is the chain? set COREX_DEPLOYMENT_FILE or COREX_API_URL (the marketplace, for GET /v1/network)');
  const url = new URL('/v1/network', opts.apiUrl);
  let res: Response;
  try {
    res = await fetch(url);
  } catch (err) {
    throw new StakeSetupError('STAKE.NO_CHAIN', `the marketplace at ${url.origin} does not answer (${(err as Error).message})`);
  }
  const body = (await res.json().catch(() => ({}))) as Partial<ChainTarget> & { code?: string; detail?: string };
  if (!res.ok || !body.contracts || !body.rpcUrl || !body.chainId) {
    throw new StakeSetupError('STAKE.NO_CHAIN', `GET ${url} answered ${res.status}${body.code ? ` ${body.code}` : ''}${body.detail ? `: ${body.detail}` : ''}`);
  }
  return { chainId: body.chainId, rpcUrl: opts.rpcUrl ?? body.rpcUrl, contracts: body.contracts, deployedAtBlock: body.deployedAtBlock ?? 0 };
}

/**
 * The operator's EVM wallet: COREX_STAKER_KEY, or the file named by --key-file /
 * COREX_STAKER_KEY_FILE (a 0x-prefixed 32-byte hex key). Never the node's ed25519 identity: that
 * key signs the node's work and must not hold funds.
 */
export function stakerWallet(target: ChainTarget, env: NodeJS.ProcessEnv, opts: { keyFile?: string; home: string }): Wallet {
  const keyFile = opts.keyFile ?? env['COREX_STAKER_KEY_FILE'];
  if (keyFile && path.resolve(keyFile) === path.resolve(opts.home, IDENTITY_FILE)) {
    throw new StakeSetupError('STAKE.KEY_IS_NODE_IDENTITY', `${keyFile} is the node's identity: stake with an EVM wallet key of its own (--key-file or COREX_STAKER_KEY_FILE)`);
  }
  let key = env['COREX_STAKER_KEY'];
  if (!key && keyFile) {
    try {
      key = readFileSync(keyFile, 'utf8').trim();
    } catch (err) {
      throw new StakeSetupError('STAKE.KEY_MISSING', `cannot read the key file ${keyFile}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
  if (!key) throw new StakeSetupError('STAKE.KEY_MISSING', 'no operator wallet: set COREX_STAKER_KEY_FILE (or --key-file) to a file holding the EVM private key that stakes');
  if (!/^0x[0-9a-fA-F]{64}$/.test(key)) throw new StakeSetupError('STAKE.KEY_INVALID', 'the operator key must be a 0x-prefixed 32-byte hex EVM private key');
  return new Wallet(key, chainProvider(target.rpcUrl, target.chainId));
}
