import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createKeyPairSignerFromPrivateKeyBytes, type TransactionSigner } from '@solana/kit';
import { authorityFromSeed, type CorexSolanaDeployment } from './deployment';
import type { SolanaRpc } from './send';
import { setupCorexSolana } from './setup';

/** The file that keeps a Corex Solana deployment's secrets (devnet use: seeds in hex, mode 0600) and its addresses. */
export interface CorexSolanaKeyFile {
  readonly authoritySeed: string;
  readonly mintSeed: string;
  readonly deployment?: CorexSolanaDeployment;
}

/**
 * Sets Corex up on the cluster from the seeds in `keyFile` (created with fresh seeds if missing), so that the authority,
 * mint and escrow keep their addresses across restarts; an existing mint is reused. Writes the deployment into the file.
 */
export async function ensureCorexSolana(rpc: SolanaRpc, keyFile: string): Promise<{ deployment: CorexSolanaDeployment; authority: TransactionSigner }> {
  const stored: CorexSolanaKeyFile = existsSync(keyFile)
    ? (JSON.parse(readFileSync(keyFile, 'utf8')) as CorexSolanaKeyFile)
    : { authoritySeed: randomBytes(32).toString('hex'), mintSeed: randomBytes(32).toString('hex') };
  const authority = await authorityFromSeed(Buffer.from(stored.authoritySeed, 'hex'));
  const mint = await createKeyPairSignerFromPrivateKeyBytes(Buffer.from(stored.mintSeed, 'hex'));
  const result = await setupCorexSolana(rpc, { authority, mint });
  mkdirSync(path.dirname(keyFile), { recursive: true });
  writeFileSync(keyFile, `${JSON.stringify({ ...stored, deployment: result.deployment }, null, 2)}\n`, { mode: 0o600 });
  return result;
}

/** The authority signer and the deployment written by {@link ensureCorexSolana} (for the bridge; no chain access). */
export async function loadCorexSolanaKeys(keyFile: string): Promise<{ deployment: CorexSolanaDeployment; authority: TransactionSigner }> {
  const stored = JSON.parse(readFileSync(keyFile, 'utf8')) as CorexSolanaKeyFile;
  if (!stored.deployment) throw new Error(`${keyFile} has no deployment yet: run ensureCorexSolana first`);
  return { deployment: stored.deployment, authority: await authorityFromSeed(Buffer.from(stored.authoritySeed, 'hex')) };
}
