import type { CorexPeerToken } from '@corex/chain-contracts';
import type { BridgeEvmChain } from '../network/bridge-network';
import type { DeliveryOutcome } from './delivery';

/** anvil's gas estimate for a receiveTransfer that queues is now and then a few thousand short (contracts/README.md). */
const GAS_MARGIN_PERCENT = 25n;

/**
 * A reward's VAA on a remote EVM chain: CorexPeerToken.receiveTransfer through that chain's
 * NonceSigner, with a gas margin. The peer token mints, or queues it when over its rolling 24 h cap
 * or large (held; `release` calls releaseQueued once due). A transfer the token already received
 * (a resend after a crash) is not sent again: its state on the token is the outcome.
 */
export class EvmDelivery {
  constructor(private readonly chain: BridgeEvmChain) {}

  private get token(): CorexPeerToken {
    const token = this.chain.contracts.peerToken;
    if (!token) throw new Error(`chain ${this.chain.name} has no CorexPeerToken`);
    return token;
  }

  async deliver(transferId: string, vaa: Uint8Array): Promise<DeliveryOutcome> {
    let txHash: string | undefined;
    if (!(await this.token.transferReceived(transferId))) {
      try {
        txHash = await this.submit(`bridge:reward-deliver:${transferId}`, this.token.interface.encodeFunctionData('receiveTransfer', [vaa]));
      } catch (err) {
        if (!(await this.token.transferReceived(transferId))) throw err;
      }
    }
    return this.outcome(transferId, txHash);
  }

  /** Releases a queued transfer once due on the chain's clock; still held (not due, or over capacity) otherwise. */
  async release(transferId: string): Promise<DeliveryOutcome> {
    const queued = await this.token.queued(transferId);
    if (queued.released) return { kind: 'delivered' };
    const block = await this.chain.provider.getBlock('latest');
    const available = await this.token.currentCapacity();
    const overCapacity = queued.amount > available && available < (await this.token.dailyCap());
    if (BigInt(block!.timestamp) < queued.releaseAt || overCapacity) return this.outcome(transferId);
    let txHash: string | undefined;
    try {
      txHash = await this.submit(`bridge:reward-release:${transferId}`, this.token.interface.encodeFunctionData('releaseQueued', [transferId]));
    } catch (err) {
      if (!(await this.token.queued(transferId)).released) throw err;
    }
    return this.outcome(transferId, txHash);
  }

  private async submit(intentId: string, data: string): Promise<string> {
    const { signer, provider } = this.chain;
    const to = await this.token.getAddress();
    const estimate = await provider.estimateGas({ from: signer.address, to, data });
    await signer.submit(intentId, { to, data, gasLimit: (estimate * (100n + GAS_MARGIN_PERCENT)) / 100n });
    const mined = await signer.waitMined(intentId);
    const receipt = await provider.getTransactionReceipt(mined.hash);
    if (receipt?.status !== 1) throw new Error(`${intentId}: ${mined.hash} reverted`);
    return mined.hash;
  }

  private async outcome(transferId: string, txHash?: string): Promise<DeliveryOutcome> {
    const queued = await this.token.queued(transferId);
    if (queued.recipient === '0x0000000000000000000000000000000000000000' || queued.released) return { kind: 'delivered', ...(txHash ? { txHash } : {}) };
    const large = queued.amount >= (await this.token.largeTransferThreshold());
    return { kind: 'held', reason: large ? 'large-transfer' : 'daily-cap', releaseAt: new Date(Number(queued.releaseAt) * 1000) };
  }
}
