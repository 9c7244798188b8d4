import { memosOf, type JsonTransaction } from '@corex/solana-devnet';
import type { SolanaTransaction } from './chain-transaction.schema';

/** A token balance entry of `meta.preTokenBalances` / `postTokenBalances` (JSON-RPC). */
export interface TokenBalance {
  accountIndex: number;
  mint: string;
  owner?: string;
  uiTokenAmount: { amount: string; decimals: number };
}

/** What `getTransaction(…, { encoding: 'json' })` answers that this view reads. */
export type SolanaJsonTransaction = Omit<JsonTransaction, 'meta'> & {
  meta: { err: unknown; preTokenBalances?: readonly TokenBalance[] | null; postTokenBalances?: readonly TokenBalance[] | null } | null;
};

export const SOLANA_SIGNATURE = /^[1-9A-HJ-NP-Za-km-z]{64,88}$/;
const MAX_MEMO = 566;

/** The landed transaction as the dashboard shows it; `mint` is the deployment's CXT mint. */
export function solanaView(signature: string, tx: SolanaJsonTransaction, mint: string): SolanaTransaction {
  const message = tx.transaction.message;
  const err = tx.meta?.err ?? null;
  return {
    kind: 'solana',
    chain: 'solana',
    signature,
    slot: Number(tx.slot),
    timestamp: tx.blockTime === null ? null : new Date(Number(tx.blockTime) * 1000).toISOString(),
    status: err === null ? 'success' : 'failed',
    error: err === null ? null : JSON.stringify(err, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)).slice(0, 512),
    signers: message.accountKeys.slice(0, message.header.numRequiredSignatures).slice(0, 16),
    memos: memosOf(message).slice(0, 16).map((m) => m.slice(0, MAX_MEMO)),
    cxtChanges: cxtChanges(tx.meta?.preTokenBalances ?? [], tx.meta?.postTokenBalances ?? [], mint),
  };
}

/** Per owner, what the transaction changed of their CXT: post minus pre over the owner's accounts of the mint. */
export function cxtChanges(pre: readonly TokenBalance[], post: readonly TokenBalance[], mint: string): SolanaTransaction['cxtChanges'] {
  const byOwner = new Map<string, { change: bigint; decimals: number }>();
  const add = (balances: readonly TokenBalance[], sign: bigint) => {
    for (const b of balances) {
      if (b.mint !== mint || !b.owner) continue;
      const entry = byOwner.get(b.owner) ?? { change: 0n, decimals: b.uiTokenAmount.decimals };
      entry.change += sign * BigInt(b.uiTokenAmount.amount);
      byOwner.set(b.owner, entry);
    }
  };
  add(pre, -1n);
  add(post, 1n);
  return [...byOwner]
    .filter(([, e]) => e.change !== 0n)
    .slice(0, 64)
    .map(([owner, e]) => ({ owner, change: e.change.toString(), decimals: e.decimals }));
}
