import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createSolanaRpc } from '@solana/kit';
import type { SolanaDeployment } from '@corex/chain';
import { authorityFromSeed, setupCorexSolana } from '@corex/solana-devnet';

interface SolanaKeys {
  authoritySeed: string;
  mintSeed: string;
}

/**
 * Corex on Solana for the deployment file. On npm start's devnet: the bridge authority and the CXT
 * mint come from seeds kept in `keysFile` (created on first use, mode 0600, never in the
 * deployment file), and setupCorexSolana makes (or finds) the mint and the escrow, so a restart
 * or a lost devnet state gives the same addresses. Elsewhere: COREX_SOLANA_MINT, COREX_SOLANA_ESCROW
 * (and COREX_SOLANA_AUTHORITY) name what already exists.
 */
export async function ensureSolana(o: { rpcUrl: string; publicRpcUrl?: string; local: boolean; keysFile: string; env: NodeJS.ProcessEnv }): Promise<SolanaDeployment | undefined> {
  const urls = { rpcUrl: o.rpcUrl, ...(o.publicRpcUrl ? { publicRpcUrl: o.publicRpcUrl } : o.local ? { publicRpcUrl: o.rpcUrl } : {}) };
  if (!o.local) {
    const { COREX_SOLANA_MINT: mint, COREX_SOLANA_ESCROW: escrow, COREX_SOLANA_AUTHORITY: authority } = o.env;
    if (!mint || !escrow) return undefined;
    return { ...urls, mint, escrow, ...(authority ? { authority } : {}) };
  }
  const keys = await readOrCreateKeys(o.keysFile);
  const authority = await authorityFromSeed(Buffer.from(keys.authoritySeed, 'base64'));
  const mint = await authorityFromSeed(Buffer.from(keys.mintSeed, 'base64'));
  const { deployment } = await setupCorexSolana(createSolanaRpc(o.rpcUrl), { authority, mint });
  return { ...urls, mint: deployment.mint, escrow: deployment.escrow, authority: deployment.authority };
}

async function readOrCreateKeys(file: string): Promise<SolanaKeys> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as SolanaKeys;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const keys = { authoritySeed: randomBytes(32).toString('base64'), mintSeed: randomBytes(32).toString('base64') };
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(keys)}\n`, { mode: 0o600 });
  return keys;
}
