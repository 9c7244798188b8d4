import { Contract, hexlify, MaxUint256, type Log } from 'ethers';
import { bridgeChain, decodeBase58, type RewardTransferState } from '@corex/bridge-domain';
import { CorexToken__factory, nodeIdToBytes32, universalAddress } from '@corex/chain-contracts';
import type { BridgeNetwork } from '../network/bridge-network';

type Transfer = Extract<RewardTransferState, { transfer: unknown }>['transfer'];

/** The recipient as the TokenTransfer payload carries it: a left-padded EVM address, or the Solana owner's 32 bytes. */
export function recipientBytes32(transfer: Pick<Transfer, 'targetChain' | 'recipient'>): string {
  if (bridgeChain(transfer.targetChain.name)?.kind !== 'solana') return universalAddress(transfer.recipient);
  return hexlify(decodeBase58(transfer.recipient)!);
}

/**
 * Sends one reward from the home chain: approves CorexHub for the bridge's CXT when needed, then
 * `CorexHub.bridgeReward(transferId, …)` through the home NonceSigner. The hub refuses a transferId
 * it has sent, so a bridge that crashed after sending finds the hub's TokensSent instead of paying twice.
 */
export class HubSender {
  constructor(private readonly network: BridgeNetwork) {}

  /** The mined bridgeReward (or the one sent before) and its Wormhole sequence. */
  async send(transfer: Transfer): Promise<{ txHash: string; sequence: string }> {
    const sent = await this.findSent(transfer.transferId);
    if (sent) return sent;
    const { home } = this.network;
    const hub = home.contracts.hub!;
    const amount = BigInt(transfer.amount);
    const cxt = CorexToken__factory.connect(await hub.token(), home.provider);
    if ((await cxt.allowance(home.signer.address, home.hub)) < amount) {
      const approveId = `bridge:reward-approve:${transfer.transferId}`;
      await home.signer.submit(approveId, { to: await cxt.getAddress(), data: cxt.interface.encodeFunctionData('approve', [home.hub, MaxUint256]) });
      await home.signer.waitMined(approveId);
    }
    const fee = (await new Contract(home.core, ['function messageFee() view returns (uint256)'], home.provider).getFunction('messageFee')()) as bigint;
    const args = [transfer.transferId, nodeIdToBytes32(transfer.nodeId), amount, transfer.targetChain.wormholeChainId, recipientBytes32(transfer)];
    const intentId = `bridge:reward-send:${transfer.transferId}`;
    try {
      await home.signer.submit(intentId, { to: home.hub, data: hub.interface.encodeFunctionData('bridgeReward', args as never), value: fee });
      await home.signer.waitMined(intentId);
    } catch (err) {
      // Refused at estimation (CorexHubTransferAlreadySent) when an earlier run sent it: that send is the one.
      const earlier = await this.findSent(transfer.transferId);
      if (earlier) return earlier;
      throw err;
    }
    const mined = await this.findSent(transfer.transferId);
    if (!mined) throw new Error(`bridgeReward for ${transfer.transferId} was mined without a TokensSent`);
    return mined;
  }

  /** The hub's TokensSent of this transferId, if it was sent. */
  private async findSent(transferId: string): Promise<{ txHash: string; sequence: string } | undefined> {
    const { home } = this.network;
    const hub = home.contracts.hub!;
    if (!(await hub.transferSent(transferId))) return undefined;
    const logs = await hub.queryFilter(hub.filters.TokensSent(transferId), home.deployedAtBlock);
    const log = logs[0] as (Log & { args: { sequence: bigint } }) | undefined;
    if (!log) throw new Error(`the hub marks ${transferId} sent but no TokensSent is found from block ${home.deployedAtBlock}`);
    return { txHash: log.transactionHash, sequence: log.args.sequence.toString() };
  }
}
