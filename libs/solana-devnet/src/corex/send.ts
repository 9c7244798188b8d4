import {
  appendTransactionMessageInstructions,
  createTransactionMessage,
  getBase64EncodedWireTransaction,
  getSignatureFromTransaction,
  lamports,
  pipe,
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
  type Address,
  type Instruction,
  type Rpc,
  type Signature,
  type SolanaRpcApi,
  type TransactionSigner,
} from '@solana/kit';
import { UnprocessableError } from '@corex/platform';
import { setTimeout as delay } from 'node:timers/promises';

/** The RPC client these functions need: `createSolanaRpc(url)`. */
export type SolanaRpc = Rpc<SolanaRpcApi>;

/** A transaction that landed: its signature, slot and execution error (null when it succeeded). */
export interface SentTransaction {
  readonly signature: Signature;
  readonly slot: bigint;
  readonly err: unknown;
}

/** Options of {@link sendInstructions}. */
export interface SendOptions {
  /** Send without simulating first, so that a failing transaction still lands (with `meta.err`). */
  readonly skipPreflight?: boolean;
  /** Interval between status polls on a real cluster; the devnet confirms before `sendTransaction` returns. */
  readonly pollMs?: number;
}

/**
 * Builds a version 0 transaction of `instructions` paid by `feePayer` on the latest blockhash, signs it with every signer
 * the instructions carry, sends it and waits until it is confirmed or its blockhash expires.
 */
export async function sendInstructions(rpc: SolanaRpc, feePayer: TransactionSigner, instructions: readonly Instruction[], options: SendOptions = {}): Promise<SentTransaction> {
  const { value: lifetime } = await rpc.getLatestBlockhash().send();
  const message = pipe(
    createTransactionMessage({ version: 0 }),
    (m) => setTransactionMessageFeePayerSigner(feePayer, m),
    (m) => setTransactionMessageLifetimeUsingBlockhash(lifetime, m),
    (m) => appendTransactionMessageInstructions(instructions, m),
  );
  const transaction = await signTransactionMessageWithSigners(message);
  const signature = getSignatureFromTransaction(transaction);
  await rpc.sendTransaction(getBase64EncodedWireTransaction(transaction), { encoding: 'base64', skipPreflight: options.skipPreflight ?? false }).send();
  const status = await waitForSignature(rpc, signature, lifetime.lastValidBlockHeight, options.pollMs);
  return { signature, slot: status.slot, err: status.err };
}

/**
 * Polls `getSignatureStatuses` until `signature` is confirmed; throws `SOLANA.TX_EXPIRED` once the block height passes
 * `lastValidBlockHeight` without it.
 */
export async function waitForSignature(rpc: SolanaRpc, signature: Signature, lastValidBlockHeight: bigint, pollMs = 400): Promise<{ slot: bigint; err: unknown }> {
  for (;;) {
    const { value: [status] } = await rpc.getSignatureStatuses([signature]).send();
    if (status && status.confirmationStatus !== 'processed') return status;
    if ((await rpc.getBlockHeight().send()) > lastValidBlockHeight) {
      throw new UnprocessableError('SOLANA.TX_EXPIRED', `transaction ${signature} expired before it was confirmed`);
    }
    await delay(pollMs);
  }
}

/** Asks the cluster's faucet for `amount` lamports to `address` and waits until the airdrop is confirmed. */
export async function airdrop(rpc: SolanaRpc, address: Address, amount: bigint): Promise<Signature> {
  const { value: lifetime } = await rpc.getLatestBlockhash().send();
  const signature = await rpc.requestAirdrop(address, lamports(amount)).send();
  await waitForSignature(rpc, signature, lifetime.lastValidBlockHeight);
  return signature;
}

/** {@link sendInstructions}, throwing `SOLANA.TX_FAILED` if the transaction landed with an error. */
export async function sendOrThrow(rpc: SolanaRpc, feePayer: TransactionSigner, instructions: readonly Instruction[]): Promise<SentTransaction> {
  const sent = await sendInstructions(rpc, feePayer, instructions);
  if (sent.err) {
    throw new UnprocessableError('SOLANA.TX_FAILED', `transaction ${sent.signature} failed: ${JSON.stringify(sent.err, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`);
  }
  return sent;
}
