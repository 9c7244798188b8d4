import type { LegacyCompiledTransactionMessage, Signature, V0CompiledTransactionMessage } from '@solana/kit';
import type { RpcTokenBalance } from './token-balances';
import type { RpcTransactionError } from './transaction-errors';

/** A transaction that landed (succeeded or failed in execution), with what `getTransaction` reports about it. */
export interface LandedTransaction {
  signature: Signature;
  slot: bigint;
  blockTime: bigint;
  wire: Uint8Array;
  signatures: string[];
  message: (LegacyCompiledTransactionMessage | V0CompiledTransactionMessage) & { lifetimeToken: string };
  meta: {
    err: RpcTransactionError | null;
    fee: bigint;
    logMessages: string[];
    preBalances: bigint[];
    postBalances: bigint[];
    preTokenBalances: RpcTokenBalance[];
    postTokenBalances: RpcTokenBalance[];
    computeUnitsConsumed: bigint;
    innerInstructions: { index: number; instructions: { programIdIndex: number; accounts: number[]; data: string; stackHeight: number }[] }[];
  };
}
