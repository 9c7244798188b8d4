import { getAddress, Transaction, type JsonRpcProvider, type TransactionReceipt, type Wallet } from 'ethers';
import type { DataSource } from 'typeorm';
import { IllegalStateError } from '@corex/platform';
import { ChainTxRejectedError, ChainTxRevertedError } from './errors';
import { Outbox, type OutboxRow, type StoredRequest } from './outbox';
import { classifySendError } from './send-errors';

export interface TxIntent {
  to: string;
  data?: string;
  value?: bigint;
  /** Estimated (+20 %) before a nonce is taken when absent: a call that would revert is refused then, consuming nothing. */
  gasLimit?: bigint;
}

export interface SubmittedTx {
  hash: string;
  nonce: number;
}

export interface MinedTx extends SubmittedTx {
  blockNumber: number;
}

/** Test seam: runs after a durable step, where a crash is the interesting case. */
export type SignerStage = 'persisted' | 'sent';

export interface NonceSignerOptions {
  ds: DataSource;
  provider: JsonRpcProvider;
  /** A wallet with a private key; the signer signs locally and broadcasts raw transactions. */
  wallet: Wallet;
  chainId: number;
  pollMs?: number;
  /** A transaction still unmined after this long is re-signed with higher fees (same nonce). */
  bumpAfterMs?: number;
  /** Fee increase of a re-signed transaction; nodes want at least 10 %. */
  bumpPercent?: number;
  onStage?: (stage: SignerStage, intentId: string) => void | Promise<void>;
}

const pct = (v: bigint, percent: number) => (v * BigInt(100 + percent)) / 100n;
const maxBig = (a: bigint, b: bigint) => (a > b ? a : b);

/**
 * One sender per key and chain, whose every transaction survives a crash (docs/adr/0009):
 * an intent is signed with its nonce and stored before the first broadcast, under a
 * deterministic intent id; a second submit of the id returns the first transaction. `open`
 * reconciles with the chain: mined ones are left alone, sent-but-lost ones are broadcast again
 * (the same signed bytes, so at most one of them can ever be mined), nonces the chain has used
 * elsewhere are skipped. The signer must be the only sender from its key.
 */
export class NonceSigner {
  readonly address: string;
  private readonly outbox: Outbox;
  private readonly pollMs: number;
  private readonly bumpAfterMs: number;
  private readonly bumpPercent: number;

  private constructor(private readonly o: NonceSignerOptions) {
    this.address = getAddress(o.wallet.address);
    this.outbox = new Outbox(o.ds, o.chainId, this.address);
    this.pollMs = o.pollMs ?? 250;
    this.bumpAfterMs = o.bumpAfterMs ?? 60_000;
    this.bumpPercent = o.bumpPercent ?? 25;
  }

  static async open(options: NonceSignerOptions): Promise<NonceSigner> {
    const signer = new NonceSigner(options);
    await signer.recover();
    return signer;
  }

  /** Reconciles the outbox with the chain (also run by `open`). */
  async recover(): Promise<void> {
    await this.outbox.syncNonce(await this.o.provider.getTransactionCount(this.address, 'latest'));
    for (const row of await this.outbox.open()) await this.advance(row);
  }

  async submit(intentId: string, intent: TxIntent): Promise<SubmittedTx> {
    const known = await this.outbox.find(intentId);
    if (known) return this.same(known, intent);
    const to = getAddress(intent.to);
    const data = intent.data ?? '0x';
    const value = intent.value ?? 0n;
    const gasLimit = intent.gasLimit ?? pct(await this.o.provider.estimateGas({ from: this.address, to, data, value }), 20);
    const fees = await this.currentFees();
    const { row, created } = await this.outbox.reserve(intentId, (nonce) =>
      this.sign({ to, data, value: value.toString(), gasLimit: gasLimit.toString(), maxFeePerGas: fees.maxFeePerGas.toString(), maxPriorityFeePerGas: fees.maxPriorityFeePerGas.toString() }, nonce),
    );
    if (!created) return this.same(row, intent);
    await this.o.onStage?.('persisted', intentId);
    await this.advance(row);
    await this.o.onStage?.('sent', intentId);
    return { hash: row.hash, nonce: row.nonce };
  }

  /**
   * Resolves once the intent's transaction has `confirmations` blocks on top of it (1: mined),
   * broadcasting it again meanwhile if the node lost it. Throws when it reverted or was refused.
   */
  async waitMined(intentId: string, confirmations = 1, timeoutMs = 120_000): Promise<MinedTx> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const row = await this.outbox.find(intentId);
      if (!row) throw new IllegalStateError('CHAIN.INTENT_UNKNOWN', `no transaction intent ${intentId}`, { intentId });
      const current = row.status === 'signed' || row.status === 'sent' || row.status === 'filling' ? await this.advance(row) : row;
      if (current.status === 'rejected') throw new ChainTxRejectedError(intentId, current.error ?? 'refused');
      if (current.status === 'failed') throw new IllegalStateError('CHAIN.NONCE_USED_ELSEWHERE', current.error ?? 'nonce used elsewhere', { intentId });
      if (current.status === 'mined' && current.blockNumber !== null) {
        if (current.receiptStatus === 0) throw new ChainTxRevertedError(intentId, current.hash);
        const head = await this.o.provider.getBlockNumber();
        if (head - current.blockNumber + 1 >= confirmations) return { hash: current.hash, nonce: current.nonce, blockNumber: current.blockNumber };
      }
      if (Date.now() > deadline) throw new Error(`intent ${intentId} (nonce ${row.nonce}, ${row.hash}) not mined with ${confirmations} confirmations within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, this.pollMs));
    }
  }

  private same(row: OutboxRow, intent: TxIntent): SubmittedTx {
    const sameCall = getAddress(row.request.to) === getAddress(intent.to) && row.request.data === (intent.data ?? '0x') && row.request.value === (intent.value ?? 0n).toString();
    if (row.status !== 'filling' && row.status !== 'rejected' && !sameCall) {
      throw new IllegalStateError('CHAIN.INTENT_CONFLICT', `intent ${row.intentId} was submitted before with another transaction`, { intentId: row.intentId });
    }
    return { hash: row.hash, nonce: row.nonce };
  }

  /** One step of an open intent towards final: recorded as mined, broadcast (again), bumped or filled. */
  private async advance(row: OutboxRow): Promise<OutboxRow> {
    const receipt = await this.receiptOf(row);
    if (receipt) {
      return this.outbox.finish(row.intentId, {
        status: row.status === 'filling' ? 'rejected' : 'mined',
        hash: receipt.hash,
        blockNumber: receipt.blockNumber,
        receiptStatus: receipt.status ?? undefined,
      });
    }
    const minedNonce = await this.o.provider.getTransactionCount(this.address, 'latest');
    if (minedNonce > row.nonce) {
      // A receipt may land between the two reads: look once more before calling the nonce lost.
      const late = await this.receiptOf(row);
      if (late) return this.advance(row);
      return this.outbox.finish(row.intentId, { status: 'failed', error: `nonce ${row.nonce} was used by a transaction this signer did not sign` });
    }
    const known = await this.o.provider.getTransaction(row.hash).catch(() => null);
    if (known) {
      if (Date.now() - row.updatedAt.getTime() < this.bumpAfterMs) return row;
      return this.bump(row);
    }
    return this.broadcast(row);
  }

  private async broadcast(row: OutboxRow): Promise<OutboxRow> {
    try {
      await this.o.provider.send('eth_sendRawTransaction', [row.raw]);
    } catch (err) {
      const kind = classifySendError(err);
      if (kind === 'retry') return row;
      if (kind === 'underpriced') return this.bump(row);
      if (kind === 'rejected' && row.status !== 'filling') return this.fill(row, (err as Error).message);
      if (kind === 'rejected') throw err;
      // known / nonce-used: the receipt or the nonce check settles it on the next step.
    }
    if (row.status === 'signed') await this.outbox.markSent(row.intentId);
    return { ...row, status: row.status === 'signed' ? 'sent' : row.status };
  }

  /** The same call at the same nonce with higher fees: whichever version is mined is the intent's. */
  private async bump(row: OutboxRow): Promise<OutboxRow> {
    const fees = await this.currentFees();
    const request: StoredRequest = {
      ...row.request,
      maxFeePerGas: maxBig(fees.maxFeePerGas, pct(BigInt(row.request.maxFeePerGas), this.bumpPercent)).toString(),
      maxPriorityFeePerGas: maxBig(fees.maxPriorityFeePerGas, pct(BigInt(row.request.maxPriorityFeePerGas), this.bumpPercent)).toString(),
    };
    const signed = await this.sign(request, row.nonce);
    const bumped = await this.outbox.resign(row.intentId, signed);
    return this.broadcast(bumped);
  }

  /** A refused transaction would block every later nonce: a 0-value transfer to itself takes its nonce. */
  private async fill(row: OutboxRow, reason: string): Promise<OutboxRow> {
    const fees = await this.currentFees();
    const request: StoredRequest = {
      to: this.address,
      data: '0x',
      value: '0',
      gasLimit: '21000',
      maxFeePerGas: maxBig(fees.maxFeePerGas, pct(BigInt(row.request.maxFeePerGas), this.bumpPercent)).toString(),
      maxPriorityFeePerGas: maxBig(fees.maxPriorityFeePerGas, pct(BigInt(row.request.maxPriorityFeePerGas), this.bumpPercent)).toString(),
    };
    const signed = await this.sign(request, row.nonce);
    const filling = await this.outbox.resign(row.intentId, { ...signed, status: 'filling', error: reason.slice(0, 500) });
    return this.broadcast(filling);
  }

  private async receiptOf(row: OutboxRow): Promise<TransactionReceipt | null> {
    for (const hash of row.hashes) {
      const receipt = await this.o.provider.getTransactionReceipt(hash);
      if (receipt) return receipt;
    }
    return null;
  }

  private async currentFees(): Promise<{ maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }> {
    const fee = await this.o.provider.getFeeData();
    const maxPriorityFeePerGas = fee.maxPriorityFeePerGas ?? 1_000_000_000n;
    return { maxFeePerGas: fee.maxFeePerGas ?? pct(fee.gasPrice ?? 1_000_000_000n, 100), maxPriorityFeePerGas };
  }

  private async sign(request: StoredRequest, nonce: number): Promise<{ request: StoredRequest; raw: string; hash: string }> {
    const raw = await this.o.wallet.signTransaction({
      type: 2,
      chainId: this.o.chainId,
      nonce,
      to: request.to,
      data: request.data,
      value: BigInt(request.value),
      gasLimit: BigInt(request.gasLimit),
      maxFeePerGas: BigInt(request.maxFeePerGas),
      maxPriorityFeePerGas: BigInt(request.maxPriorityFeePerGas),
    });
    return { request, raw, hash: Transaction.from(raw).hash! };
  }
}
