import { readFileSync } from 'node:fs';
import { HDNodeWallet, Mnemonic } from 'ethers';
import { ValidationError } from '@corex/platform';
import { DEV_MNEMONIC } from './dev-keys';

/** Roles of the keys Corex signs with: the deployer, and the services' operator (settler, anchor, slasher, binder). */
export type ChainKeyRole = 'deployer' | 'operator';

/** Dev accounts of the local chain: 0 deploys and holds the CXT supply, 1 is the services' operator, 2 the demo customer's wallet. */
/** Dev accounts of npm start's local chains; the bridge has its own (a second service on one key would race for nonces). */
export const LOCAL_ACCOUNTS = { deployer: 0, operator: 1, demoCustomer: 2, bridge: 3 } as const;

export function devPrivateKey(index: number): string {
  return HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(DEV_MNEMONIC), `m/44'/60'/0'/0/${index}`).privateKey;
}

const ENV: Record<ChainKeyRole, string> = { deployer: 'COREX_DEPLOYER_KEY', operator: 'COREX_OPERATOR_KEY' };

/**
 * The private key of a role. On the local chain `npm start` runs, the dev mnemonic's (public)
 * keys; on any other chain COREX_<ROLE>_KEY or the file named by COREX_<ROLE>_KEY_FILE, never a
 * key from the repository. Undefined when none is set.
 */
export function chainKey(role: ChainKeyRole, env: NodeJS.ProcessEnv, local: boolean): string | undefined {
  if (local) return devPrivateKey(LOCAL_ACCOUNTS[role]);
  const name = ENV[role];
  const fromFile = env[`${name}_FILE`];
  const key = env[name] ?? (fromFile ? readFileSync(fromFile, 'utf8').trim() : undefined);
  if (key !== undefined && !/^0x[0-9a-fA-F]{64}$/.test(key)) throw new ValidationError('CHAIN.KEY_INVALID', `${name}${fromFile && !env[name] ? '_FILE' : ''} does not hold a 0x-prefixed 32-byte hex private key`);
  return key;
}
