import { bridgeChain, nextTransferStep, type RewardTransferState } from '@corex/bridge-domain';
import type { Logger } from '@corex/platform';
import { decodePayload, fetchSignedVaa, verifyVaa } from '@corex/wormhole';
import type { BridgeNetwork } from '../network/bridge-network';
import type { DeliveryOutcome } from './delivery';
import { EvmDelivery } from './evm-delivery';
import { HubSender, recipientBytes32 } from './hub-sender';
import type { RewardLedger } from './reward-ledger';
import type { SolanaDelivery } from './solana-delivery';

type Transfer = Extract<RewardTransferState, { transfer: unknown }>['transfer'];

export interface RewardCarrierOptions {
  network: BridgeNetwork;
  ledger: RewardLedger;
  /** Absent: transfers to Solana wait (logged) until the bridge has the Solana authority. */
  solana?: SolanaDelivery;
  logger: Logger;
  guardianTimeoutMs: number;
  now?: () => Date;
}

/**
 * Carries one reward transfer as far as it can go, each step recorded before the next:
 * Queued → CorexHub.bridgeReward (Published: tx, sequence) → the guardian-signed VAA, verified
 * off-chain and checked to carry this transfer → the target: CorexPeerToken.receiveTransfer, or the
 * Solana limiter and mint (Delivered, or Held until its release). The next step comes from the log
 * (nextTransferStep), so a restarted bridge resumes where the last one stopped, and each chain step
 * refuses a duplicate (hub: transferId once; peer token: transferId once; Solana: the mint's memo).
 */
export class RewardCarrier {
  private readonly hub: HubSender;

  constructor(private readonly o: RewardCarrierOptions) {
    this.hub = new HubSender(o.network);
  }

  /** Advances the transfer until it is delivered, held, or waiting for Solana; returns where it stands. */
  async advance(transferId: string): Promise<RewardTransferState['kind']> {
    for (;;) {
      const { state } = await this.o.ledger.load(transferId);
      const step = nextTransferStep(state);
      if (!step || state.kind === 'none') return state.kind;
      const { transfer } = state;
      const now = this.o.now?.() ?? new Date();
      if (step.step === 'send') {
        const { txHash, sequence } = await this.hub.send(transfer);
        await this.o.ledger.decide(transferId, { kind: 'RecordTransferPublished', txHash, sequence, now });
        this.o.logger.info({ transferId, txHash, sequence }, 'reward published on the home chain');
        continue;
      }
      if (step.step === 'release' && state.kind === 'held' && transfer.targetChain.name === 'solana' && now < new Date(step.releaseAt)) return 'held';
      const outcome = step.step === 'deliver' ? await this.deliver(transfer, step.sequence, now) : await this.release(transfer, state.held!, now);
      if (!outcome) return state.kind;
      await this.record(transfer, outcome, now);
      if (outcome.kind === 'held') return 'held';
    }
  }

  private async deliver(transfer: Transfer, sequence: string, now: Date): Promise<DeliveryOutcome | undefined> {
    const vaa = await this.signedVaa(transfer, sequence);
    if (transfer.targetChain.name === 'solana') {
      if (!this.o.solana) return this.noSolana(transfer);
      return this.o.solana.deliver(transfer, now);
    }
    return this.evm(transfer).deliver(transfer.transferId, vaa);
  }

  private async release(transfer: Transfer, held: { reason: 'daily-cap' | 'large-transfer'; releaseAt: string }, now: Date): Promise<DeliveryOutcome | undefined> {
    if (transfer.targetChain.name !== 'solana') return this.evm(transfer).release(transfer.transferId);
    if (!this.o.solana) return this.noSolana(transfer);
    return this.o.solana.release(transfer, { reason: held.reason, releaseAt: new Date(held.releaseAt) }, now);
  }

  /** The hub's VAA of this transfer from the guardians, verified, and carrying exactly this transfer. */
  private async signedVaa(transfer: Transfer, sequence: string): Promise<Uint8Array> {
    const { home, guardianApiUrl, guardianSets } = this.o.network;
    const vaa = await fetchSignedVaa(guardianApiUrl, home.wormholeChainId, home.hub, BigInt(sequence), { timeoutMs: this.o.guardianTimeoutMs });
    const verified = await verifyVaa(vaa, { guardianSets, allowedEmitters: [{ chain: home.wormholeChainId, address: home.hub }] });
    if (!verified.ok) throw new Error(`the VAA of reward transfer ${transfer.transferId} does not verify: ${verified.code} ${verified.reason}`);
    const payload = decodePayload(verified.vaa.payload);
    const matches =
      payload.kind === 'TokenTransfer' &&
      payload.transferId.toLowerCase() === transfer.transferId.toLowerCase() &&
      payload.amount === BigInt(transfer.amount) &&
      payload.targetChain === transfer.targetChain.wormholeChainId &&
      payload.recipient.toLowerCase() === recipientBytes32(transfer).toLowerCase();
    if (!matches) throw new Error(`the VAA at sequence ${sequence} does not carry reward transfer ${transfer.transferId}`);
    return vaa;
  }

  private evm(transfer: Transfer): EvmDelivery {
    const chain = this.o.network.chains.find((c) => c.wormholeChainId === transfer.targetChain.wormholeChainId && !c.home);
    if (!chain || bridgeChain(chain.name)?.kind !== 'evm') throw new Error(`the bridge has no EVM chain ${transfer.targetChain.name}`);
    return new EvmDelivery(chain);
  }

  private noSolana(transfer: Transfer): undefined {
    this.o.logger.warn({ transferId: transfer.transferId }, 'a reward to Solana waits: the bridge has no Solana authority (COREX_SOLANA_AUTHORITY_FILE)');
    return undefined;
  }

  private async record(transfer: Transfer, outcome: DeliveryOutcome, now: Date): Promise<void> {
    const { transferId } = transfer;
    if (outcome.kind === 'held') {
      await this.o.ledger.decide(transferId, { kind: 'RecordTransferHeld', reason: outcome.reason, releaseAt: outcome.releaseAt, now });
      this.o.logger.info({ transferId, reason: outcome.reason, releaseAt: outcome.releaseAt.toISOString() }, 'reward held by the rate limit');
      return;
    }
    await this.o.ledger.decide(transferId, { kind: 'RecordTransferDelivered', txHash: outcome.txHash, signature: outcome.signature, now });
    this.o.logger.info({ transferId, chain: transfer.targetChain.name, amount: transfer.amount }, 'reward delivered');
  }
}
