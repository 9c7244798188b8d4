import { Interface } from 'ethers';
import type { OutboxEntry } from '@corex/bridge-domain';
import type { Logger } from '@corex/platform';
import { fetchSignedVaa, TASK_STATUS, VERIFICATION, verifyVaa } from '@corex/wormhole';
import type { BridgeNetwork } from '../network/bridge-network';
import type { TaskLedger } from '../tasks/task-ledger';
import type { StatusCarrier } from './status-outbox';

const CORE_EVENTS = new Interface(['event LogMessagePublished(address indexed sender, uint64 sequence, uint32 nonce, bytes payload, uint8 consistencyLevel)']);

/**
 * A status to an EVM origin: CorexHub.publishStatus on the home chain (recorded Published with its
 * Wormhole sequence), then the guardian-signed VAA, verified off-chain, to the origin's
 * TaskPortal.receiveStatus (recorded Delivered). A VAA the portal already consumed, or a status it
 * already passed, counts as delivered: that is a resend after a crash.
 */
export class EvmStatusCarrier implements StatusCarrier {
  constructor(
    private readonly network: BridgeNetwork,
    private readonly ledger: TaskLedger,
    private readonly logger: Logger,
    private readonly guardianTimeoutMs: number,
  ) {}

  serves(entry: OutboxEntry): boolean {
    return this.network.chains.some((c) => c.wormholeChainId === entry.message.targetChain.wormholeChainId);
  }

  async step(taskId: string, entry: OutboxEntry): Promise<void> {
    if (entry.next === 'publish') await this.publish(taskId, entry);
    else await this.deliver(taskId, entry);
  }

  private async publish(taskId: string, { message }: OutboxEntry): Promise<void> {
    const { home } = this.network;
    const hub = home.contracts.hub!;
    const intentId = `bridge:publish-status:${taskId}:${message.status}`;
    await home.signer.submit(intentId, { to: home.hub, data: hub.interface.encodeFunctionData('publishStatus', [
      message.targetChain.wormholeChainId,
      taskId,
      TASK_STATUS[message.status],
      VERIFICATION[message.verification],
      message.resultHash,
      message.weightsHash,
    ]) });
    const mined = await home.signer.waitMined(intentId);
    const receipt = await home.provider.getTransactionReceipt(mined.hash);
    const log = receipt?.logs.find((l) => l.address.toLowerCase() === home.core.toLowerCase());
    if (!log) throw new Error(`publishStatus ${mined.hash} published no Wormhole message`);
    const sequence = CORE_EVENTS.parseLog(log)!.args.sequence as bigint;
    await this.ledger.decide(taskId, { kind: 'RecordStatusPublished', status: message.status, txHash: mined.hash, sequence: sequence.toString(), now: new Date() });
    this.logger.info({ taskId, status: message.status, sequence: sequence.toString() }, 'status published');
  }

  private async deliver(taskId: string, { message, published }: OutboxEntry): Promise<void> {
    const { home } = this.network;
    const origin = this.network.chains.find((c) => c.wormholeChainId === message.targetChain.wormholeChainId)!;
    const vaa = await fetchSignedVaa(this.network.guardianApiUrl, home.wormholeChainId, home.hub, BigInt(published!.sequence), { timeoutMs: this.guardianTimeoutMs });
    const verified = await verifyVaa(vaa, { guardianSets: this.network.guardianSets, allowedEmitters: [{ chain: home.wormholeChainId, address: home.hub }] });
    if (!verified.ok) throw new Error(`the status VAA of task ${taskId} does not verify: ${verified.code} ${verified.reason}`);
    const portal = origin.contracts.portal;
    const intentId = `bridge:deliver-status:${taskId}:${message.status}`;
    let txHash: string | undefined;
    if (!(await this.arrived(portal, taskId, message.status, verified.vaa.hash))) {
      try {
        await origin.signer.submit(intentId, { to: origin.portal, data: portal.interface.encodeFunctionData('receiveStatus', [vaa]) });
        txHash = (await origin.signer.waitMined(intentId)).hash;
      } catch (err) {
        // Refused at estimation or reverted: delivered meanwhile (VaaConsumed, NotForward) is done, anything else is retried.
        if (!(await this.arrived(portal, taskId, message.status, verified.vaa.hash))) throw err;
      }
    }
    await this.ledger.decide(taskId, { kind: 'RecordStatusDelivered', status: message.status, txHash, now: new Date() });
    this.logger.info({ taskId, status: message.status, chain: origin.name }, 'status delivered');
  }

  private async arrived(portal: BridgeNetwork['home']['contracts']['portal'], taskId: string, status: keyof typeof TASK_STATUS, vmHash: string): Promise<boolean> {
    if (await portal.consumed(vmHash)) return true;
    const current = Number((await portal.taskOf(taskId)).status);
    const rank = (s: number) => (s >= 3 ? 3 : s);
    return current !== 0 && rank(current) >= rank(TASK_STATUS[status]);
  }
}
