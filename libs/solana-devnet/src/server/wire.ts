import { getBase58Decoder, getCompiledTransactionMessageDecoder, getTransactionDecoder, type Signature } from '@solana/kit';
import type { TransactionMetadata } from 'litesvm';
import type { LandedTransaction } from './devnet-chain';
import { RPC_ERROR, RpcError } from './rpc-error';
import type { RpcTransactionError } from './transaction-errors';

/** Decodes a wire transaction into its parts; the signature is the fee payer's. */
export function decodeWire(wire: Uint8Array) {
  try {
    const transaction = getTransactionDecoder().decode(wire);
    const compiled = getCompiledTransactionMessageDecoder().decode(transaction.messageBytes);
    if (compiled.version === 1) throw new Error('version 1 transactions are not supported by the devnet');
    const message = compiled as LandedTransaction['message'];
    const first = Object.values(transaction.signatures)[0];
    if (!first) throw new Error('the fee payer has not signed');
    const signatures = Object.values(transaction.signatures).map((bytes) => (bytes ? getBase58Decoder().decode(bytes) : ''));
    return { transaction, message, signature: signatures[0] as Signature, signatures };
  } catch (error) {
    throw new RpcError(RPC_ERROR.invalidParams, `invalid transaction: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The `-32002` error of a transaction refused before landing, with its error and logs as `data`. */
export function preflightFailure(err: RpcTransactionError, logs: string[]): RpcError {
  const data = { err, logs, accounts: null, unitsConsumed: 0, returnData: null };
  return new RpcError(RPC_ERROR.preflightFailure, `Transaction simulation failed: ${JSON.stringify(err)}`, data);
}

/** LiteSVM's inner instructions (CPIs) in the JSON-RPC shape, grouped by top-level instruction index. */
export function innerInstructionsOf(meta: TransactionMetadata): LandedTransaction['meta']['innerInstructions'] {
  return meta
    .innerInstructions()
    .map((list, index) => ({
      index,
      instructions: list.map((inner) => ({
        programIdIndex: inner.instruction().programIdIndex(),
        accounts: [...inner.instruction().accounts()],
        data: getBase58Decoder().decode(inner.instruction().data()),
        stackHeight: inner.stackHeight(),
      })),
    }))
    .filter((entry) => entry.instructions.length > 0);
}
