import type { Address, Signature, TransactionSigner } from '@solana/kit';
import { admit, fullRateLimiter, release, SOLANA_UNIT_WEI, type RateLimiterState, type RateLimits } from '@corex/bridge-domain';
import { associatedTokenAddress, fetchJsonTransaction, memosOf, mintReward, signaturesOldestFirst, type CorexSolanaDeployment, type SolanaRpc } from '@corex/solana-devnet';
import type { DeliveryOutcome } from './delivery';

export interface SolanaDeliveryOptions {
  rpc: SolanaRpc;
  authority: TransactionSigner;
  deployment: CorexSolanaDeployment;
  limits: RateLimits;
}

/** A reward minted on Solana: its amount and when (the limiter is rebuilt from these at start). */
export interface SolanaMint {
  amount: bigint;
  at: Date;
}

const seconds = (at: Date) => Math.floor(at.getTime() / 1000);

/**
 * A reward's verified VAA on Solana: the bridge's own rolling 24 h limiter (the domain's, the rule of
 * the EVM peer tokens) admits it, then the authority mints the CXT (9 decimals: wei / 1e9) to the
 * owner's associated account with the memo `corex:reward:v1:<transferId>`; over the cap or large it is
 * held until its release time. A transfer whose memo is already on the account (a crash after
 * minting) is not minted again.
 */
export class SolanaDelivery {
  private limiter?: RateLimiterState;

  constructor(private readonly o: SolanaDeliveryOptions) {}

  /** Replays the mints already delivered (oldest first) into the limiter. */
  rebuild(mints: readonly SolanaMint[]): void {
    for (const mint of [...mints].sort((a, b) => a.at.getTime() - b.at.getTime())) {
      const state = this.limiter ?? fullRateLimiter(this.o.limits, seconds(mint.at));
      const admitted = release(state, this.o.limits, { amount: mint.amount, reason: 'daily-cap', releaseAt: 0 }, seconds(mint.at));
      this.limiter = admitted.kind === 'deliver' ? admitted.state : { capacity: 0n, at: seconds(mint.at) };
    }
  }

  async deliver(transfer: { transferId: string; recipient: string; amount: string }, now: Date): Promise<DeliveryOutcome> {
    const minted = await this.mintedBefore(transfer);
    if (minted) return { kind: 'delivered', signature: minted };
    const amount = BigInt(transfer.amount);
    const admission = admit(this.limiterAt(now), this.o.limits, amount, seconds(now));
    if (admission.kind === 'hold') return { kind: 'held', reason: admission.reason, releaseAt: new Date(admission.releaseAt * 1000) };
    return this.mint(transfer, admission.state);
  }

  async release(transfer: { transferId: string; recipient: string; amount: string }, held: { reason: 'daily-cap' | 'large-transfer'; releaseAt: Date }, now: Date): Promise<DeliveryOutcome> {
    const minted = await this.mintedBefore(transfer);
    if (minted) return { kind: 'delivered', signature: minted };
    const admission = release(this.limiterAt(now), this.o.limits, { amount: BigInt(transfer.amount), reason: held.reason, releaseAt: seconds(held.releaseAt) }, seconds(now));
    if (admission.kind === 'hold') return { kind: 'held', reason: admission.reason, releaseAt: new Date(admission.releaseAt * 1000) };
    return this.mint(transfer, admission.state);
  }

  private limiterAt(now: Date): RateLimiterState {
    return this.limiter ?? fullRateLimiter(this.o.limits, seconds(now));
  }

  private async mint(transfer: { transferId: string; recipient: string; amount: string }, after: RateLimiterState): Promise<DeliveryOutcome> {
    const { rpc, authority, deployment } = this.o;
    const sent = await mintReward(rpc, authority, deployment, { recipientOwner: transfer.recipient as Address, amount: BigInt(transfer.amount) / SOLANA_UNIT_WEI, transferId: transfer.transferId });
    this.limiter = after;
    return { kind: 'delivered', signature: sent.signature };
  }

  /** The signature of an earlier mint of this transfer (its memo on the owner's CXT account), if any. */
  private async mintedBefore(transfer: { transferId: string; recipient: string }): Promise<Signature | undefined> {
    const account = await associatedTokenAddress(transfer.recipient as Address, this.o.deployment.mint);
    const memo = `corex:reward:v1:${transfer.transferId}`;
    for (const signature of (await signaturesOldestFirst(this.o.rpc, account)).reverse()) {
      const tx = await fetchJsonTransaction(this.o.rpc, signature);
      if (tx && !tx.meta?.err && memosOf(tx.transaction.message).includes(memo)) return signature;
    }
    return undefined;
  }
}
