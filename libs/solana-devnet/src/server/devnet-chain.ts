import type { Address, Signature, Transaction } from '@solana/kit';
import { FailedTransactionMetadata, LiteSVM, type TransactionMetadata } from 'litesvm';
import { RPC_ERROR, RpcError } from './rpc-error';
import { readTokenBalances } from './token-balances';
import { landsWhenFailed, toRpcTransactionError, type RpcTransactionError } from './transaction-errors';
import type { LandedTransaction } from './landed-transaction';
import { decodeWire, innerInstructionsOf, preflightFailure } from './wire';

export type { LandedTransaction } from './landed-transaction';

/** How many block heights a blockhash stays valid, as on a real cluster. */
export const BLOCKHASH_VALIDITY = 150n;
const LAMPORTS_PER_SIGNATURE = 5000n;

/**
 * A LiteSVM bank with a ledger around it: every landed transaction is kept with its logs and balance changes and indexed
 * by each of its account keys; each landed transaction advances the slot and the blockhash, so that two transactions
 * built one after the other never share a blockhash (and therefore a signature).
 */
export class DevnetChain {
  readonly svm: LiteSVM;
  private slotValue: bigint;
  private height = 0n;
  private readonly blockhashes = new Map<string, bigint>();
  private readonly transactions = new Map<string, LandedTransaction>();
  private readonly byAddress = new Map<string, Signature[]>();

  /** Called after each landed transaction (persistence hooks in here). */
  onLanded: (landed: LandedTransaction) => void = () => undefined;

  constructor(svm: LiteSVM = new LiteSVM()) {
    // Blockhash validity is checked here against the recent ones (LiteSVM accepts only its latest).
    this.svm = svm.withBlockhashCheck(false);
    this.slotValue = this.svm.getClock().slot;
    this.stampClock();
    this.rememberLatestBlockhash();
  }

  /** The ledger state beside the bank (slot, height, recent blockhashes, landed transactions in order), for {@link restore}. */
  ledger(): { slot: bigint; height: bigint; blockhashes: [string, bigint][]; transactions: LandedTransaction[] } {
    return { slot: this.slotValue, height: this.height, blockhashes: [...this.blockhashes], transactions: [...this.transactions.values()] };
  }

  /** A chain over a restored bank (`LiteSVM.fromBytes`) with the ledger saved beside it. */
  static restore(svm: LiteSVM, ledger: ReturnType<DevnetChain['ledger']>): DevnetChain {
    const chain = new DevnetChain(svm);
    chain.slotValue = ledger.slot;
    chain.height = ledger.height;
    chain.blockhashes.clear();
    for (const [blockhash, lastValid] of ledger.blockhashes) chain.blockhashes.set(blockhash, lastValid);
    for (const landed of ledger.transactions) chain.record(landed);
    return chain;
  }

  get slot(): bigint {
    return this.slotValue;
  }

  get blockHeight(): bigint {
    return this.height;
  }

  /** The latest blockhash and the last block height at which a transaction using it can land. */
  latestBlockhash(): { blockhash: string; lastValidBlockHeight: bigint } {
    const blockhash = this.svm.latestBlockhash();
    return { blockhash, lastValidBlockHeight: this.blockhashes.get(blockhash) ?? this.height + BLOCKHASH_VALIDITY };
  }

  isBlockhashValid(blockhash: string): boolean {
    const lastValid = this.blockhashes.get(blockhash);
    return lastValid !== undefined && lastValid >= this.height;
  }

  transaction(signature: string): LandedTransaction | undefined {
    return this.transactions.get(signature);
  }

  /** Signatures of landed transactions that name `address`, newest first. */
  signaturesFor(address: string): Signature[] {
    return [...(this.byAddress.get(address) ?? [])].reverse();
  }

  /**
   * Runs a wire transaction. Returns its signature if it landed (also when its execution failed) or had landed before;
   * throws an {@link RpcError} when preflight simulation fails or the transaction cannot land at all.
   */
  submit(wire: Uint8Array, options: { skipPreflight?: boolean } = {}): Signature {
    const { transaction, message, signature, signatures } = decodeWire(wire);
    if (this.transactions.has(signature)) return signature;
    if (!this.isBlockhashValid(message.lifetimeToken)) throw preflightFailure('BlockhashNotFound', []);
    if (!options.skipPreflight) this.preflight(transaction);
    const accountKeys = message.staticAccounts;
    const preBalances = this.balances(accountKeys);
    const preTokenBalances = readTokenBalances(this.svm, accountKeys);
    const result = this.execute(transaction);
    const failed = result instanceof FailedTransactionMetadata;
    if (failed && !landsWhenFailed(result.err())) throw preflightFailure(toRpcTransactionError(result.err()), result.meta().logs());
    const meta = failed ? result.meta() : result;
    this.record({
      signature,
      slot: this.slotValue,
      blockTime: this.svm.getClock().unixTimestamp,
      wire,
      signatures,
      message,
      meta: {
        err: failed ? toRpcTransactionError(result.err()) : null,
        fee: LAMPORTS_PER_SIGNATURE * BigInt(message.header.numSignerAccounts),
        logMessages: meta.logs(),
        preBalances,
        postBalances: this.balances(accountKeys),
        preTokenBalances,
        postTokenBalances: readTokenBalances(this.svm, accountKeys),
        computeUnitsConsumed: meta.computeUnitsConsumed(),
        innerInstructions: innerInstructionsOf(meta),
      },
    });
    this.advance();
    this.onLanded(this.transactions.get(signature) as LandedTransaction);
    return signature;
  }

  /** Runs a transaction without committing it (`simulateTransaction`); with `sigVerify: false` it may be unsigned. */
  simulate(transaction: Transaction, options: { sigVerify?: boolean } = {}): { err: RpcTransactionError | null; logs: string[]; unitsConsumed: bigint } {
    this.svm.withSigverify(options.sigVerify ?? false);
    try {
      const result = this.guarded(() => this.svm.simulateTransaction(transaction));
      if (result instanceof FailedTransactionMetadata) {
        return { err: toRpcTransactionError(result.err()), logs: result.meta().logs(), unitsConsumed: result.meta().computeUnitsConsumed() };
      }
      return { err: null, logs: result.meta().logs(), unitsConsumed: result.meta().computeUnitsConsumed() };
    } finally {
      this.svm.withSigverify(true);
    }
  }

  private preflight(transaction: Transaction): void {
    const simulation = this.guarded(() => this.svm.simulateTransaction(transaction));
    if (simulation instanceof FailedTransactionMetadata) {
      throw preflightFailure(toRpcTransactionError(simulation.err()), simulation.meta().logs());
    }
  }

  private execute(transaction: Transaction): TransactionMetadata | FailedTransactionMetadata {
    return this.guarded(() => this.svm.sendTransaction(transaction));
  }

  /** LiteSVM throws (rather than returning a failure) when a signature is missing. */
  private guarded<T>(run: () => T): T {
    try {
      return run();
    } catch (error) {
      throw new RpcError(RPC_ERROR.signatureVerification, `Transaction signature verification failure: ${String(error)}`);
    }
  }

  private record(landed: LandedTransaction): void {
    this.transactions.set(landed.signature, landed);
    for (const address of new Set(landed.message.staticAccounts)) {
      const list = this.byAddress.get(address) ?? [];
      list.push(landed.signature);
      this.byAddress.set(address, list);
    }
  }

  private balances(accountKeys: readonly Address[]): bigint[] {
    return accountKeys.map((address) => this.svm.getBalance(address) ?? 0n);
  }

  private advance(): void {
    this.slotValue += 1n;
    this.height += 1n;
    this.svm.warpToSlot(this.slotValue);
    this.stampClock();
    this.svm.expireBlockhash();
    this.rememberLatestBlockhash();
  }

  private stampClock(): void {
    const clock = this.svm.getClock();
    clock.unixTimestamp = BigInt(Math.floor(Date.now() / 1000));
    this.svm.setClock(clock);
  }

  private rememberLatestBlockhash(): void {
    this.blockhashes.set(this.svm.latestBlockhash(), this.height + BLOCKHASH_VALIDITY);
    for (const [blockhash, lastValid] of this.blockhashes) if (lastValid < this.height) this.blockhashes.delete(blockhash);
  }
}
