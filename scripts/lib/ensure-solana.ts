import { createSolanaRpc } from '@solana/kit';
import type { SolanaDeployment } from '@corex/chain';
import { ensureCorexSolana } from '@corex/solana-devnet';

/**
 * Corex on Solana for the deployment file. On npm start's devnet: ensureCorexSolana makes (or
 * finds) the CXT mint and the escrow from the seeds in `keysFile` (created on first use, mode 0600,
 * never in the deployment file; the bridge reads it with loadCorexSolanaKeys), so a restart or a
 * lost devnet state gives the same addresses. Elsewhere: COREX_SOLANA_MINT, COREX_SOLANA_ESCROW
 * (and COREX_SOLANA_AUTHORITY) name what already exists.
 */
export async function ensureSolana(o: { rpcUrl: string; publicRpcUrl?: string; local: boolean; keysFile: string; env: NodeJS.ProcessEnv }): Promise<SolanaDeployment | undefined> {
  const urls = { rpcUrl: o.rpcUrl, ...(o.publicRpcUrl ? { publicRpcUrl: o.publicRpcUrl } : o.local ? { publicRpcUrl: o.rpcUrl } : {}) };
  if (!o.local) {
    const { COREX_SOLANA_MINT: mint, COREX_SOLANA_ESCROW: escrow, COREX_SOLANA_AUTHORITY: authority } = o.env;
    if (!mint || !escrow) return undefined;
    return { ...urls, mint, escrow, ...(authority ? { authority } : {}) };
  }
  const { deployment } = await ensureCorexSolana(createSolanaRpc(o.rpcUrl), o.keysFile);
  return { ...urls, mint: deployment.mint, escrow: deployment.escrow, authority: deployment.authority };
}
