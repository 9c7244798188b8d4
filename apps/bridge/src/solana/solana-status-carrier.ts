import type { Address, TransactionSigner } from '@solana/kit';
import type { OutboxEntry } from '@corex/bridge-domain';
import { fetchJsonTransaction, memosOf, readStatusMemos, sendStatusMemo, signaturesOldestFirst, transferFromEscrow, type CorexSolanaDeployment, type EscrowPayout, type SolanaRpc } from '@corex/solana-devnet';
import type { Logger } from '@corex/platform';
import type { StatusCarrier } from '../statuses/status-outbox';
import type { TaskLedger } from '../tasks/task-ledger';
import { SOLANA_WEI_PER_UNIT } from './solana-task-scanner';

/**
 * A status to a Solana origin: on a terminal status the escrow first (release to the fee recipient on
 * completed, refund to the submitter on failed or cancelled), then the authority's status memo; recorded
 * Delivered with the memo's signature. Both are looked up under the task's reference before they are
 * sent, so a resend after a crash pays and writes nothing twice.
 */
export class SolanaStatusCarrier implements StatusCarrier {
  constructor(
    private readonly rpc: SolanaRpc,
    private readonly authority: TransactionSigner,
    private readonly deployment: CorexSolanaDeployment,
    private readonly feeRecipient: Address,
    private readonly ledger: TaskLedger,
    private readonly logger: Logger,
  ) {}

  serves(entry: OutboxEntry): boolean {
    return entry.message.targetChain.name === 'solana';
  }

  async step(taskId: string, { message }: OutboxEntry): Promise<void> {
    const reference = taskId as Address;
    const payout: EscrowPayout | undefined = message.status === 'completed' ? 'release' : message.status === 'failed' || message.status === 'cancelled' ? 'refund' : undefined;
    if (payout) await this.payOut(reference, payout);
    const memo = (await readStatusMemos(this.rpc, this.deployment, reference)).find((m) => m.status === message.status);
    const signature = memo?.signature ?? (
        await sendStatusMemo(this.rpc, this.authority, {
          taskId: reference,
          status: message.status,
          verification: message.verification,
          resultHash: message.resultHash,
          weightsHash: message.weightsHash,
        })
      ).signature;
    await this.ledger.decide(taskId, { kind: 'RecordStatusDelivered', status: message.status, signature, now: new Date() });
    this.logger.info({ taskId, status: message.status }, 'status delivered to Solana');
  }

  private async payOut(taskId: Address, kind: EscrowPayout): Promise<void> {
    if (await this.paidOut(taskId, kind)) return;
    const submitted = await this.ledger.submission(taskId);
    // A task rejected before it entered the network has no recorded escrow here: its refund waits for an operator.
    if (!submitted) return this.logger.warn({ taskId }, 'no recorded escrow for this Solana task: nothing paid out');
    const amount = BigInt(submitted.escrow) / SOLANA_WEI_PER_UNIT;
    const recipientOwner = kind === 'release' ? this.feeRecipient : (submitted.submitter as Address);
    await transferFromEscrow(this.rpc, this.authority, this.deployment, { taskId, recipientOwner, amount, kind });
  }

  private async paidOut(taskId: Address, kind: EscrowPayout): Promise<boolean> {
    for (const signature of await signaturesOldestFirst(this.rpc, taskId)) {
      const tx = await fetchJsonTransaction(this.rpc, signature);
      if (tx && tx.transaction.message.accountKeys[0] === this.deployment.authority && memosOf(tx.transaction.message).includes(`corex:${kind}:v1:${taskId}`)) return true;
    }
    return false;
  }
}
